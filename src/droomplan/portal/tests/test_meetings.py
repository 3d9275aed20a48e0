"""Afspraken en bijeenkomsten: her invitations, her answer (seen by her coach), a calendar
file; never another mother's name."""

import datetime

import pytest
from django.urls import reverse

from droomplan.audit.models import AccessLogEntry
from droomplan.meetings.models import Reply
from droomplan.meetings.tests.factories import AttendanceFactory, GroupSessionFactory

from .factories import mother_with_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(mother):
    session = GroupSessionFactory(
        programme=mother.programme,
        date=datetime.date.today() + datetime.timedelta(days=5),
        theme="Samen koken",
        place="Buurthuis De Ster",
    )
    other = mother_with_login(given_name="Anderemoedernaam")
    AttendanceFactory(session=session, participant=other)
    return AttendanceFactory(session=session, participant=mother)


def test_she_sees_her_meetings_without_other_mothers(
    mother_client, invitation, django_assert_num_queries
):
    mother_client.get(reverse("portal:meetings"))  # the session's first request saves it
    with django_assert_num_queries(8):
        page = mother_client.get(reverse("portal:meetings"))
    body = page.content.decode()
    for days in (-20, 12, 30):  # more meetings, the same queries
        when = datetime.date.today() + datetime.timedelta(days=days)
        AttendanceFactory(
            session=GroupSessionFactory(date=when), participant=invitation.participant
        )
    with django_assert_num_queries(8):
        assert mother_client.get(reverse("portal:meetings")).status_code == 200
    assert "Samen koken" in body and "Buurthuis De Ster" in body
    assert "Anderemoedernaam" not in body


def test_she_answers_and_her_coach_sees_it(client, mother_client, mother, coach, invitation):
    url = reverse("portal:meeting_answer", args=[invitation.pk])
    assert mother_client.post(url, {"reply": "coming"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.reply == Reply.COMING
    assert AccessLogEntry.objects.filter(
        object_type="attendance", user=mother.user, detail="reply: coming"
    ).exists()
    mother_client.post(url, {"reply": "not_coming"})
    invitation.refresh_from_db()
    assert invitation.reply == Reply.NOT_COMING
    client.force_login(coach)
    body = client.get(reverse("cases:part", args=[mother.pk, "meetings"])).content.decode()
    assert "Cannot come" in body or "Kan niet komen" in body


def test_a_bad_answer_is_refused(mother_client, invitation):
    url = reverse("portal:meeting_answer", args=[invitation.pk])
    response = mother_client.post(url, {"reply": "misschien"}, follow=True)
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.reply == ""


def test_no_answer_after_the_meeting(mother_client, invitation):
    session = invitation.session
    session.date = datetime.date.today() - datetime.timedelta(days=1)
    session.save()
    mother_client.post(reverse("portal:meeting_answer", args=[invitation.pk]), {"reply": "coming"})
    invitation.refresh_from_db()
    assert invitation.reply == ""


def test_calendar_file(mother_client, invitation):
    response = mother_client.get(reverse("portal:meeting_ics", args=[invitation.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "Samen koken" in body
    assert "Anderemoedernaam" not in body


def test_another_mothers_invitation_is_not_found(mother_client, invitation):
    other = invitation.session.attendances.exclude(pk=invitation.pk).get()
    url = reverse("portal:meeting_answer", args=[other.pk])
    assert mother_client.post(url, {"reply": "coming"}).status_code == 404
    assert mother_client.get(reverse("portal:meeting_ics", args=[other.pk])).status_code == 404
