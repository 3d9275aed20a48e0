"""The notification list, the unread badge, opening one, e-mail choices."""

import pytest
from django.urls import reverse

from droomplan.attention.kinds import Kind
from droomplan.attention.models import Notification, NotificationPreference
from droomplan.attention.services import notify
from droomplan.audit.models import AccessLogEntry
from droomplan.cases import services as case_services


@pytest.fixture
def told(mother, coach):
    (n,) = notify(kind=Kind.HANDOVER, recipients=[coach], participant=mother, url="/deelnemers/")
    return n


def test_the_list_shows_her_notifications_with_the_family_name(client, coach, told, mother):
    client.force_login(coach)
    page = client.get(reverse("attention:list")).content.decode()
    assert "Lotte Vink is aan u overgedragen" in page
    assert "1 ongelezen melding" in page
    entry = AccessLogEntry.objects.get(object_type="notification")
    assert entry.participant == mother and entry.action == "list"


def test_a_family_she_no_longer_sees_has_no_name(client, coach, other_coach, lead, told, mother):
    import datetime

    case_services.assign_coach(
        actor=lead,
        participant=mother,
        coach=other_coach,
        on_date=datetime.date.today(),
        handover_note="Overdracht.",
    )
    client.force_login(coach)
    page = client.get(reverse("attention:list")).content.decode()
    assert "Een gezin is aan u overgedragen" in page
    assert "Vink" not in page
    assert not AccessLogEntry.objects.filter(object_type="notification").exists()


def test_someone_else_never_sees_her_notifications(client, other_coach, told):
    client.force_login(other_coach)
    assert "Nog geen meldingen" in client.get(reverse("attention:list")).content.decode()
    assert client.get(reverse("attention:open", args=[told.pk])).status_code == 404


def test_the_badge_counts_unread_and_opening_marks_read(client, coach, told):
    client.force_login(coach)
    assert ">1<" in client.get(reverse("attention:badge")).content.decode()
    response = client.get(reverse("attention:open", args=[told.pk]))
    assert response.status_code == 302 and response["Location"] == "/deelnemers/"
    told.refresh_from_db()
    assert told.read_at is not None
    assert client.get(reverse("attention:badge")).content.decode().strip() == ""


def test_the_header_loads_the_badge_after_the_page(client, coach):
    client.force_login(coach)
    page = client.get(reverse("accounts:security")).content.decode()
    assert f'hx-get="{reverse("attention:badge")}"' in page
    assert f'href="{reverse("attention:preferences")}"' in page  # the account page part


def test_mark_all_read(client, coach, told):
    client.force_login(coach)
    assert client.get(reverse("attention:read_all")).status_code == 405
    client.post(reverse("attention:read_all"))
    assert not Notification.objects.unread().exists()


def test_an_outside_url_is_never_followed(client, coach, mother):
    (n,) = notify(
        kind=Kind.HANDOVER, recipients=[coach], participant=mother, url="https://evil.example/"
    )
    client.force_login(coach)
    assert client.get(reverse("attention:open", args=[n.pk]))["Location"] == "/meldingen/"


def test_she_chooses_per_kind_for_her_roles(client, coach):
    client.force_login(coach)
    page = client.get(reverse("attention:preferences")).content.decode()
    assert 'name="handover"' in page
    assert 'name="signal_received"' not in page  # not for a coach
    response = client.post(
        reverse("attention:preferences"),
        {
            "handover": "immediate",
            "escalation_advised": "off",
            "escalation_decided": "digest",
            "consent_withdrawn": "digest",
            "consent_expiring": "off",
            "portal_activity": "digest",
        },
    )
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=coach, kind="handover").delivery == "immediate"


def test_a_bad_choice_changes_nothing(client, coach):
    client.force_login(coach)
    response = client.post(reverse("attention:preferences"), {"handover": "sms"})
    assert response.status_code == 200
    assert "utrecht-form-field--invalid" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_pages_need_a_login(client):
    for name in ("attention:list", "attention:badge", "attention:preferences"):
        assert client.get(reverse(name)).status_code == 302
