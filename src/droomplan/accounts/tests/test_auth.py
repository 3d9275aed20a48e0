import pytest
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import TEST_PASSWORD, UserFactory
from droomplan.accounts.tests.otp import LOGIN, totp_now


def login(client, username, password=TEST_PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory()
    assert identify_hasher(user.password).algorithm == "argon2"


@pytest.mark.django_db
def test_login_and_logout(client):
    user = UserFactory(role=Role.COACH)
    response = login(client, user.username)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_wrong_password_and_unknown_user_give_the_same_neutral_message(client):
    user = UserFactory()
    wrong = login(client, user.username, "not-the-password")
    unknown = login(client, "nobody-here", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    message = "De gebruikersnaam of het wachtwoord klopt niet"
    assert message in wrong.content.decode()
    assert message in unknown.content.decode()
    # what was typed is kept
    assert f'value="{user.username}"' in wrong.content.decode()


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client, settings):
    settings.AXES_COOLOFF_TIME = 0.5  # hours: the page tells how long to wait
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, user.username, "wrong-password")
    locked = login(client, user.username)  # even the right password is refused now
    assert locked.status_code == 429
    assert "Te veel pogingen" in locked.content.decode()
    assert "Wacht 30 minuten" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_session_expires_after_inactivity_and_activity_renews_it(client):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(UserFactory(role=Role.COACH))
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get("/").status_code == 200  # activity: the 30 minutes start again
    renewed = Session.objects.get(pk=key).expire_date - timezone.now()
    assert timedelta(minutes=29) < renewed <= timedelta(minutes=30)

    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")  # 30 minutes without activity later
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_change_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Een-nieuw-sterk-wachtwoord-9",
            "new_password2": "Een-nieuw-sterk-wachtwoord-9",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Een-nieuw-sterk-wachtwoord-9")


@pytest.mark.django_db
def test_change_password_mismatch_shows_message_and_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "abcdefghijk-1", "new_password2": "x"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


@pytest.mark.django_db
def test_two_factor_setup_verify_and_login(client):
    user = UserFactory(role=Role.COACH)
    client.force_login(user)
    page = client.get(reverse("accounts:two_factor_setup"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    bad = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert bad.status_code == 200 and bad.context["form"].errors
    device.refresh_from_db()
    assert not device.confirmed

    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post(reverse("accounts:two_factor_setup"), {"token": totp_now(device)})
    assert ok.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    # A fresh login now asks for the code before anything else.
    client.logout()
    login(client, user.username)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    device.refresh_from_db()
    device.last_t = -1  # allow the same time step again in this test
    device.save()
    verified = client.post(
        reverse("accounts:two_factor_verify"), {"token": totp_now(device), "next": "/"}
    )
    assert verified.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_two_factor_can_be_mandatory_for_staff(client, settings):
    settings.DROOMPLAN_REQUIRE_2FA = True
    staff = UserFactory(role=Role.PROGRAMME_LEAD)
    client.force_login(staff)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor_setup")
    # it cannot be switched off while mandatory
    TOTPDevice.objects.create(user=staff, name="x", confirmed=True)
    client.post(reverse("accounts:two_factor_remove"))
    assert TOTPDevice.objects.filter(user=staff).exists()


@pytest.mark.django_db
def test_two_factor_not_forced_on_participants(client, settings):
    settings.DROOMPLAN_REQUIRE_2FA = True
    mother = UserFactory(role=Role.PARTICIPANT)
    client.force_login(mother)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_login_next_redirect_is_safe(client):
    user = UserFactory()
    response = client.post(
        LOGIN + "?next=https://evil.example/",
        {"username": user.username, "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
