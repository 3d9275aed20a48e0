"""Two-step login that cannot be bypassed (issue 13, item 1): a password alone never sets up,
replaces or removes an authenticator; recovery codes; an administrator's reset."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from droomplan.accounts.models import Role, SecurityEvent, SecurityEventKind
from droomplan.accounts.tests.factories import TEST_PASSWORD, UserFactory
from droomplan.accounts.tests.otp import (
    LOGIN,
    allow_code_again,
    confirmed_device,
    totp_now,
    verified_login,
)

SETUP = "/account/tweestaps/instellen/"
VERIFY = "/account/tweestaps/code/"
REMOVE = "/account/tweestaps/uitzetten/"
RECOVERY = "/account/tweestaps/herstelcodes/"


def password_login(client, user):
    response = client.post(LOGIN, {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return response


def kinds(user) -> list[str]:
    return list(
        SecurityEvent.objects.filter(subject=user).order_by("id").values_list("kind", flat=True)
    )


def new_codes(client) -> list[str]:
    """Open the recovery-code page right after they were made: the codes, shown once."""
    page = client.get(RECOVERY)
    assert page.status_code == 200
    return page.context["codes"]


def set_up_first_device(client, user) -> TOTPDevice:
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"token": totp_now(device)})
    assert response.status_code == 302
    assert response["Location"] == RECOVERY
    device.refresh_from_db()
    assert device.confirmed
    return device


# --- The attack of the review: a stolen password replaced the authenticator -----------------


@pytest.mark.django_db
def test_a_password_alone_cannot_register_a_new_authenticator(client):
    user = UserFactory(role=Role.PROGRAMME_LEAD)
    real = confirmed_device(user)
    password_login(client, user)  # the attacker knows only the password

    page = client.get(SETUP)
    assert page.status_code == 302
    assert page["Location"].startswith(VERIFY)
    # Whatever was left behind: the attacker confirms any unconfirmed device with its code.
    for device in TOTPDevice.objects.filter(user=user, confirmed=False):
        client.post(SETUP, {"token": totp_now(device)})

    assert TOTPDevice.objects.filter(user=user, confirmed=True).get() == real
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_a_password_alone_cannot_turn_two_step_login_off(client):
    user = UserFactory(role=Role.COACH)
    confirmed_device(user)
    password_login(client, user)
    response = client.post(REMOVE, {"token": "123456"})
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# --- Replacing and removing need a code from the current device -----------------------------


@pytest.mark.django_db
def test_replacing_the_authenticator_needs_a_code_of_the_current_one(client, mailoutbox):
    user = UserFactory(role=Role.COACH)
    old = confirmed_device(user)
    verified_login(client, user, old)

    page = client.get(SETUP)
    assert page.status_code == 200
    assert "current_token" in page.context["form"].fields
    new = TOTPDevice.objects.get(user=user, confirmed=False)

    without = client.post(SETUP, {"token": totp_now(new)})
    assert without.status_code == 200
    assert without.context["form"].errors["current_token"]
    wrong = client.post(SETUP, {"token": totp_now(new), "current_token": "000000"})
    assert wrong.status_code == 200
    assert TOTPDevice.objects.filter(user=user, confirmed=True).get() == old

    allow_code_again(new)
    allow_code_again(old)
    ok = client.post(SETUP, {"token": totp_now(new), "current_token": totp_now(old)})
    assert ok.status_code == 302
    assert TOTPDevice.objects.filter(user=user, confirmed=True).get() == new
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert SecurityEventKind.DEVICE_REPLACED in kinds(user)
    assert [m.to for m in mailoutbox] == [[user.email]]
    assert "twee stappen" in mailoutbox[0].subject


@pytest.mark.django_db
def test_turning_two_step_login_off_needs_a_code(client, mailoutbox):
    user = UserFactory(role=Role.COACH)
    device = confirmed_device(user)
    verified_login(client, user, device)
    refused = client.post(REMOVE, {"token": "000000"})
    assert refused.status_code == 200
    assert refused.context["form"].errors
    assert TOTPDevice.objects.filter(user=user).exists()

    allow_code_again(device)
    assert client.post(REMOVE, {"token": totp_now(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert kinds(user)[-1] == SecurityEventKind.DEVICE_REMOVED
    assert len(mailoutbox) == 1


# --- First set-up, recovery codes --------------------------------------------------------------


@pytest.mark.django_db
def test_first_setup_shows_recovery_codes_once_and_stores_them_hashed(client, mailoutbox):
    user = UserFactory(role=Role.COACH)
    client.force_login(user)
    set_up_first_device(client, user)

    codes = new_codes(client)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(stored) == 10
    normalised = {code.replace("-", "") for code in codes}
    assert not stored & (normalised | set(codes))  # never the code itself

    again = client.get(RECOVERY)
    assert again.status_code == 200
    assert not again.context["codes"]
    assert codes[0] not in again.content.decode()
    assert again.context["remaining"] == 10
    assert [k for k in kinds(user) if k != SecurityEventKind.LOGIN] == [
        SecurityEventKind.DEVICE_ADDED,
        SecurityEventKind.RECOVERY_CODES_CREATED,
    ]
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_recovery_code_logs_in_once(client, mailoutbox):
    user = UserFactory(role=Role.COACH)
    client.force_login(user)
    set_up_first_device(client, user)
    codes = new_codes(client)
    client.logout()

    password_login(client, user)
    response = client.post(VERIFY, {"token": codes[3].upper(), "next": "/"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    assert SecurityEventKind.RECOVERY_CODE_USED in kinds(user)
    client.logout()

    password_login(client, user)
    again = client.post(VERIFY, {"token": codes[3], "next": "/"})
    assert again.status_code == 200
    assert again.context["form"].errors
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_lost_phone_a_recovery_code_lets_her_set_up_a_new_app(client):
    user = UserFactory(role=Role.COACH)
    client.force_login(user)
    old = set_up_first_device(client, user)
    codes = new_codes(client)
    client.logout()

    password_login(client, user)
    client.post(VERIFY, {"token": codes[0], "next": "/"})
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"token": totp_now(new), "current_token": codes[1]})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=user, confirmed=True).get() == new
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert len(new_codes(client)) == 10  # a fresh set; the old ones are gone
    assert not StaticDevice.objects.get(user=user).verify_token(codes[2])


@pytest.mark.django_db
def test_new_recovery_codes_need_a_code_and_replace_the_old_ones(client):
    user = UserFactory(role=Role.COACH)
    client.force_login(user)
    device = set_up_first_device(client, user)
    old_codes = new_codes(client)

    refused = client.post(RECOVERY, {"token": "000000"})
    assert refused.status_code == 200
    assert refused.context["form"].errors
    allow_code_again(device)
    assert client.post(RECOVERY, {"token": totp_now(device)}).status_code == 302
    fresh = new_codes(client)
    assert len(fresh) == 10
    assert not set(fresh) & set(old_codes)
    static = StaticDevice.objects.get(user=user)
    assert static.token_set.count() == 10
    assert kinds(user).count(SecurityEventKind.RECOVERY_CODES_CREATED) == 2


@pytest.mark.django_db
def test_wrong_codes_are_refused_and_logged(client):
    user = UserFactory(role=Role.COACH)
    confirmed_device(user)
    password_login(client, user)
    response = client.post(VERIFY, {"token": "000000", "next": "/"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    response = client.post(VERIFY, {"token": "<script>", "next": "/"})
    assert response.status_code == 200
    assert kinds(user).count(SecurityEventKind.TWO_STEP_FAILED) == 2


# --- An administrator's reset ------------------------------------------------------------------


def reset_url(user) -> str:
    return reverse("accounts:user_two_step_reset", args=[user.pk])


@pytest.mark.django_db
def test_admin_resets_two_step_login_logged_and_the_user_is_told(client, mailoutbox):
    admin = UserFactory(role=Role.ADMIN)
    coach = UserFactory(role=Role.COACH)
    confirmed_device(coach)
    client.force_login(admin)
    assert client.get(reset_url(coach)).status_code == 200
    assert client.post(reset_url(coach)).status_code == 302

    assert not TOTPDevice.objects.filter(user=coach).exists()
    assert not StaticDevice.objects.filter(user=coach).exists()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.DEVICE_RESET)
    assert (event.actor, event.subject) == (admin, coach)
    assert [m.to for m in mailoutbox] == [[coach.email]]
    assert "beheerder" in mailoutbox[0].body


@pytest.mark.django_db
def test_admin_cannot_reset_her_own_two_step_login(client):
    admin = UserFactory(role=Role.ADMIN)
    device = confirmed_device(admin)
    verified_login(client, admin, device)
    assert client.post(reset_url(admin)).status_code == 403
    assert TOTPDevice.objects.filter(user=admin).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_only_admins_reset_two_step_login(client, role):
    coach = UserFactory(role=Role.COACH)
    confirmed_device(coach)
    client.force_login(UserFactory(role=role))
    assert client.post(reset_url(coach)).status_code == 403
    assert TOTPDevice.objects.filter(user=coach).exists()


# --- Who must use it ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_superuser_without_a_role_must_set_up_two_step_login_when_required(client, settings):
    settings.DROOMPLAN_REQUIRE_2FA = True
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == SETUP


@pytest.mark.django_db
def test_a_background_request_before_the_code_is_refused_and_never_becomes_next(client):
    """The header's notification badge loads by htmx while she is on the code page: it must not
    become the page she lands on after entering her code."""
    user = UserFactory(role=Role.COACH)
    confirmed_device(user)
    password_login(client, user)

    badge = client.get(reverse("attention:badge"), HTTP_HX_REQUEST="true")
    assert badge.status_code == 403
    assert "Location" not in badge
    page = client.get("/")
    assert page.status_code == 302
    assert page["Location"] == f"{VERIFY}?next=%2F"
