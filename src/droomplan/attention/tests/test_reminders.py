"""The daily reminders and warnings: each is told once, however often the day runs."""

import datetime

from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.attention import reminders
from droomplan.attention.kinds import Kind
from droomplan.attention.models import Notification
from droomplan.meetings.tests.factories import AttendanceFactory, GroupSessionFactory
from droomplan.signals.models import SignalStatus
from droomplan.signals.tests.factories import SignalFactory

TODAY = datetime.date(2025, 3, 3)


def test_the_mother_is_reminded_the_day_before_a_meeting(mother, programme):
    mother.user = UserFactory(role=Role.PARTICIPANT, username="moeder")
    mother.save()
    tomorrow = GroupSessionFactory(programme=programme, date=TODAY + datetime.timedelta(days=1))
    later = GroupSessionFactory(programme=programme, date=TODAY + datetime.timedelta(days=2))
    AttendanceFactory(session=tomorrow, participant=mother)
    AttendanceFactory(session=later, participant=mother)

    assert reminders.meeting_reminders(today=TODAY) == 1
    assert reminders.meeting_reminders(today=TODAY) == 0
    n = Notification.objects.get(kind=Kind.MEETING_REMINDER)
    assert n.recipient.username == "moeder"
    assert n.params == {"date": "2025-03-04", "time": "10:00", "place": "Buurthuis Caberg"}


def test_a_signal_at_its_deadline_without_contact_is_told_once(contact, programme, maastricht):
    due = SignalFactory(
        programme=programme, municipality=maastricht, assigned_to=contact, first_contact_due=TODAY
    )
    SignalFactory(  # not yet due
        programme=programme,
        municipality=maastricht,
        assigned_to=contact,
        first_contact_due=TODAY + datetime.timedelta(days=2),
    )
    SignalFactory(  # due, but she was in contact already
        programme=programme,
        municipality=maastricht,
        assigned_to=contact,
        first_contact_due=TODAY,
        status=SignalStatus.IN_CONTACT,
    )
    assert reminders.signal_deadlines(today=TODAY) == 1
    assert reminders.signal_deadlines(today=TODAY + datetime.timedelta(days=1)) == 0
    assert Notification.objects.get(kind=Kind.SIGNAL_DEADLINE).url == f"/signalen/{due.pk}/"


def test_the_coach_is_warned_once_about_a_consent_that_ends_soon(mother, coach):
    ConsentFactory(participant=mother, given_on=TODAY, expires_on=TODAY + datetime.timedelta(30))
    ConsentFactory(participant=mother, given_on=TODAY, expires_on=TODAY + datetime.timedelta(31))
    assert reminders.consent_expiry(today=TODAY) == 1
    assert reminders.consent_expiry(today=TODAY + datetime.timedelta(days=1)) == 1  # the other
    assert reminders.consent_expiry(today=TODAY + datetime.timedelta(days=2)) == 0
    assert {n.recipient for n in Notification.objects.filter(kind=Kind.CONSENT_EXPIRING)} == {coach}
