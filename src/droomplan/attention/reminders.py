"""The daily reminders and warnings. Each one is a notification with a `dedupe_key`, so
running a day twice tells nobody twice (a unique index, not a look first)."""

import datetime

from django.urls import reverse

from droomplan.access.models import Consent
from droomplan.access.policy import staff
from droomplan.meetings.models import Attendance
from droomplan.signals.models import Signal

from .kinds import Kind
from .services import notify

CONSENT_WARNING_DAYS = 30


def meeting_reminders(*, today: datetime.date) -> int:
    """The day before a group meeting, each invited mother with a login is reminded."""
    tomorrow = today + datetime.timedelta(days=1)
    told = 0
    attendances = Attendance.objects.filter(session__date=tomorrow).select_related(
        "session", "participant"
    )
    for attendance in attendances:
        session, participant = attendance.session, attendance.participant
        told += len(
            notify(
                kind=Kind.MEETING_REMINDER,
                recipients=staff.mother_of(participant),
                participant=participant,
                about=attendance,
                url=reverse("core:home"),
                params={
                    "date": session.date,
                    "time": session.start_time.strftime("%H:%M"),
                    "place": session.place,
                },
                dedupe_key=f"meeting-reminder:{attendance.pk}:{session.date.isoformat()}",
            )
        )
    return told


def signal_deadlines(*, today: datetime.date) -> int:
    """A signal that reaches its first-contact deadline without contact: its contact person
    is told (once per signal and deadline)."""
    told = 0
    for signal in Signal.objects.first_contact_due_by(today).select_related(
        "municipality", "assigned_to"
    ):
        told += len(
            notify(
                kind=Kind.SIGNAL_DEADLINE,
                recipients=[signal.assigned_to],
                about=signal,
                url=reverse("signals:detail", args=[signal.pk]),
                params={
                    "municipality": signal.municipality.name,
                    "deadline": signal.first_contact_due,
                },
                dedupe_key=f"signal-deadline:{signal.pk}:{signal.first_contact_due.isoformat()}",
            )
        )
    return told


def consent_expiry(*, today: datetime.date) -> int:
    """A consent that ends within 30 days: the family's coach is told once per end date."""
    told = 0
    for consent in Consent.objects.ending_within(today, CONSENT_WARNING_DAYS).select_related(
        "participant", "organisation"
    ):
        participant = consent.participant
        told += len(
            notify(
                kind=Kind.CONSENT_EXPIRING,
                recipients=staff.current_coaches(participant),
                participant=participant,
                about=consent,
                url=reverse("access:consent_list", args=[participant.pk]),
                params={"organisation": consent.organisation.name, "date": consent.expires_on},
                dedupe_key=f"consent-expiry:{consent.pk}:{consent.expires_on.isoformat()}",
            )
        )
    return told
