"""Retention: a file is anonymised some years after the trajectory ended (the programme's
`retention_years`), through every app's personal_data module, leaving a trace
(RetentionRecord and an access-log entry). See docs/privacy-rights.md."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from droomplan.audit.models import Action, RetentionRecord
from droomplan.audit.services import record

from .parts import parts
from .policy.base import model as domain_model

PARTICIPANT = "cases.Participant"


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def keep_until(participant) -> datetime.date | None:
    """The last day her file is kept whole: the end date plus the programme's retention
    years. It is anonymised from the day after (the anniversary itself still counts as kept)."""
    if not participant.has_ended or participant.end_date is None:
        return None
    return add_years(participant.end_date, participant.programme.retention_years)


def due_for_retention(today: datetime.date) -> list:
    """Ended participants whose retention period is over and who are not anonymised yet.
    Participants in intake or active are never touched."""
    candidates = (
        domain_model(PARTICIPANT)
        .objects.ended()
        .filter(end_date__isnull=False, anonymised_at__isnull=True)
        .select_related("programme")
        .order_by("end_date", "pk")
    )
    return [p for p in candidates if keep_until(p) < today]


@dataclass
class RetentionReport:
    today: datetime.date
    dry_run: bool
    participants: list[dict] = field(default_factory=list)
    app_lines: list[str] = field(default_factory=list)


@transaction.atomic
def anonymise_participant(participant, *, today: datetime.date) -> RetentionRecord:
    """Anonymise one file through every app's personal_data module and leave the trace: a
    RetentionRecord and an access-log entry (action: anonymised)."""
    participants = domain_model(PARTICIPANT).objects
    locked = participants.select_for_update().get(pk=participant.pk)
    if not locked.has_ended:
        raise ValueError(f"{locked.ref} has not ended; it cannot be anonymised.")
    counts = {part.label: part.module.anonymise(locked) for part in parts()}
    participants.filter(pk=locked.pk).update(anonymised_at=timezone.now())
    trace = RetentionRecord.objects.create(
        participant_id=locked.pk,
        participant_ref=locked.ref,
        programme_id=locked.programme_id,
        ended_on=locked.end_date,
        anonymised_on=today,
        what=counts,
    )
    record(
        request=None,
        action=Action.ANONYMISE,
        object_type="case",
        object_id=locked.pk,
        participant=locked,
        detail="apply_retention: " + ", ".join(f"{k}={v}" for k, v in counts.items()),
    )
    return trace


def apply_retention(*, today: datetime.date, dry_run: bool) -> RetentionReport:
    """Anonymise every file whose retention period is over (or, with `dry_run`, only list
    them), then let each app clean up what is not tied to one participant. Idempotent."""
    report = RetentionReport(today=today, dry_run=dry_run)
    for participant in due_for_retention(today):
        row = {
            "ref": participant.ref,
            "programme": participant.programme.code,
            "ended_on": participant.end_date,
            "kept_until": keep_until(participant),
            "what": None,
        }
        if not dry_run:
            row["what"] = anonymise_participant(participant, today=today).what
        report.participants.append(row)
    for part in parts():
        if part.has("retention"):
            lines = part.module.retention(today=today, dry_run=dry_run) or []
            report.app_lines.extend(f"{part.label}: {line}" for line in lines)
    return report
