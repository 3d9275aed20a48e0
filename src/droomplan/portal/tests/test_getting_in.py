"""Getting in: the coach invites her (one login per mother, linked to her case), she chooses
her password with a one-time link (7 days, stored hashed), the coach blocks her at once."""

import datetime
import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from droomplan.accounts.models import Role, SecurityEvent
from droomplan.accounts.tests.factories import TEST_PASSWORD, UserFactory
from droomplan.audit.models import AccessLogEntry
from droomplan.cases.models import Participant
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.portal import selectors, services
from droomplan.portal.models import Invitation, hash_token

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Zonnebloem-veld-42"


@pytest.fixture
def family(coach):
    return ParticipantFactory(coach=coach, active=True, given_name="Noor", email="")


def _invite(client, family, **data):
    return client.post(reverse("portal_case:invite", args=[family.pk]), data)


def _token_from_page(client, family) -> str:
    page = client.get(reverse("portal_case:invitation", args=[family.pk])).content.decode()
    match = re.search(r"/mijn/activeren/([A-Za-z0-9_-]+)/", page)
    assert match, "the invitation page shows the link"
    return match.group(1)


def test_coach_invites_her_and_sees_the_qr_code(client, coach, family):
    client.force_login(coach)
    response = _invite(client, family)
    assert response.status_code == 302
    family.refresh_from_db()
    user = family.user
    assert user.has_role(Role.PARTICIPANT) and not user.has_usable_password()
    assert user.username == f"noor{family.ref[3:]}"
    page = client.get(reverse("portal_case:invitation", args=[family.pk])).content.decode()
    assert "<svg" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    token = _token_from_page(client, family)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)
    assert selectors.login_of(family).status == "pending"
    assert AccessLogEntry.objects.filter(
        object_type="portal_invitation", user=coach, participant=family
    ).exists()
    assert SecurityEvent.objects.filter(kind="account_created", subject=user).exists()


def test_she_activates_once_and_logs_in(client, coach, family):
    client.force_login(coach)
    _invite(client, family)
    token = _token_from_page(client, family)
    client.logout()
    url = reverse("portal:activate", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "Noor" in page.content.decode()
    weak = client.post(url, {"new_password1": "kort", "new_password2": "kort"})
    assert weak.status_code == 400
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.user.check_password(NEW_PASSWORD)
    assert selectors.login_of(family).status == "active"
    assert client.get(url).status_code == 404  # single use
    entry = AccessLogEntry.objects.get(object_type="portal_login", detail="activated")
    assert entry.user == family.user
    login = client.post(
        reverse("accounts:login"),
        {"username": family.user.username, "password": NEW_PASSWORD},
        follow=True,
    )
    assert login.redirect_chain[-1][0] == reverse("portal:home")


def test_an_expired_or_replaced_link_does_not_work(client, coach, family):
    client.force_login(coach)
    _invite(client, family)
    first = _token_from_page(client, family)
    _invite(client, family)  # a new invitation ends the first
    second = _token_from_page(client, family)
    assert first != second
    client.logout()
    assert client.get(reverse("portal:activate", args=[first])).status_code == 404
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(reverse("portal:activate", args=[second])).status_code == 404
    assert client.get(reverse("portal:activate", args=["nonsense"])).status_code == 404
    family.refresh_from_db()
    assert selectors.login_of(family).status == "expired"


def test_invitation_by_email(client, coach, family):
    client.force_login(coach)
    _invite(client, family, email="noor@example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["noor@example.org"]
    token = re.search(r"/mijn/activeren/([A-Za-z0-9_-]+)/", message.body).group(1)
    assert Invitation.objects.get().token_hash == hash_token(token)


def test_bad_email_is_a_form_error(client, coach, family):
    client.force_login(coach)
    assert _invite(client, family, email="geen adres").status_code == 400
    assert not Invitation.objects.exists()


def test_no_second_invitation_after_activation(client, coach, mother):
    client.force_login(coach)
    response = _invite(client, mother)
    assert response.status_code == 302
    assert not Invitation.objects.exists()


def test_one_login_per_mother_and_one_case_per_login(mother):
    other = ParticipantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=other.pk).update(user=mother.user)


def test_block_works_at_once(client, coach, mother):
    her = client.__class__()
    her.force_login(mother.user)
    assert her.get(reverse("portal:home")).status_code == 200
    client.force_login(coach)
    assert client.post(reverse("portal_case:block", args=[mother.pk])).status_code == 302
    assert selectors.login_of(Participant.objects.get(pk=mother.pk)).status == "blocked"
    response = her.get(reverse("portal:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    credentials = {"username": mother.user.username, "password": TEST_PASSWORD}
    assert her.post(reverse("accounts:login"), credentials).status_code == 200  # refused
    assert client.post(reverse("portal_case:unblock", args=[mother.pk])).status_code == 302
    assert her.post(reverse("accounts:login"), credentials).status_code == 302
    logged = AccessLogEntry.objects.filter(participant=mother, object_type="portal_login")
    assert set(logged.values_list("detail", flat=True)) >= {"blocked", "unblocked"}
    events = SecurityEvent.objects.filter(subject=mother.user, detail="portal")
    assert events.count() == 2


def test_only_her_coach_and_the_lead_invite(client, mother):
    other_coach = UserFactory(role=Role.COACH)
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    client.force_login(other_coach)
    for name in ("invitation", "invite", "block", "unblock"):
        url = reverse(f"portal_case:{name}", args=[mother.pk])
        assert client.post(url).status_code in {403, 404}
    client.force_login(lead)
    assert client.get(reverse("portal_case:invitation", args=[mother.pk])).status_code == 200


def test_mother_cannot_invite_herself(mother_client, mother):
    url = reverse("portal_case:block", args=[mother.pk])
    assert mother_client.post(url).status_code in {403, 404}


def test_case_page_shows_her_login(client, coach, mother):
    client.force_login(coach)
    page = client.get(reverse("cases:part", args=[mother.pk, "portal"])).content.decode()
    assert reverse("portal_case:invitation", args=[mother.pk]) in page


def test_two_step_login_is_offered_not_forced(client, settings, mother):
    settings.DROOMPLAN_REQUIRE_2FA = True
    client.force_login(mother.user)
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(reverse("accounts:security")).status_code == 200


def test_login_throttling_applies_to_her(client, settings, mother):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(
            reverse("accounts:login"), {"username": mother.user.username, "password": "fout"}
        )
    response = client.post(
        reverse("accounts:login"), {"username": mother.user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429


def test_service_refuses_a_partner(mother):
    partner = UserFactory(role=Role.PARTNER)
    with pytest.raises(services.PermissionDenied):
        services.invite(actor=partner, participant=mother)
