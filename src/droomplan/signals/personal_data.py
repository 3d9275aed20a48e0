"""The mother's privacy rights for signals (inzage and anonymisation), and retention of
signals that did not lead to an intake.

The export leaves out who signalled: the signaller is a third party whose details are not
part of the mother's file (AVG art. 15(4))."""

import calendar
import datetime

from django.db import transaction
from django.utils import timezone

from droomplan.audit.models import Action
from droomplan.audit.services import record

from .models import Signal, SignalStatus, SignalStatusChange

LABEL = "signals"

TEXT_FIELDS = {
    "concern": "",
    "mother_name": "",
    "mother_contact": "",
    "signaller_name": "",
    "signaller_phone": "",
    "signaller_email": "",
}


def months_before(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def export(participant) -> list:
    signals = (
        Signal.objects.filter(participant=participant)
        .select_related("municipality")
        .prefetch_related("history")
        .order_by("created_at")
    )
    return [
        {
            "received_on": s.created_at.isoformat(),
            "municipality": s.municipality.name,
            "signaller_role": s.signaller_role,
            "received_via": s.channel,
            "what_was_noticed": s.concern,
            "mother_name": s.mother_name,
            "how_to_reach_her": s.mother_contact,
            "mother_knew": s.mother_knows,
            "status": s.status,
            "history": [
                {
                    "at": h.created_at.isoformat(),
                    "status": h.to_status,
                    "referred_to": h.referred_to,
                    "reason": h.reason,
                    "note": h.note,
                }
                for h in s.history.all()
            ],
        }
        for s in signals
    ]


def for_participant(content: list) -> list:
    """Her own copy from her portal leaves signals out (docs/portal.md: who reported a worry
    about her stays protected, and in a small place the kind of signaller or the words of the
    report can name them). The staff's inzage export has them; her coach or the programme
    lead decides with her what to hand over (AVG art. 15(4))."""
    return []


def _choices(field: str) -> dict:
    return {code: str(label) for code, label in Signal._meta.get_field(field).choices or []}


def for_reading(content: list) -> list:
    """For the readable document: the codes of the export (status, channel, role of the
    signaller, whether she knew) in words. The JSON keeps the codes."""
    words = {
        "status": _choices("status"),
        "received_via": _choices("channel"),
        "signaller_role": _choices("signaller_role"),
        "mother_knew": _choices("mother_knows"),
    }
    readable = []
    for row in content:
        row = {k: words[k].get(v, v) if k in words else v for k, v in row.items()}
        row["history"] = [
            {**h, "status": words["status"].get(h.get("status"), h.get("status"))}
            for h in row.get("history", [])
        ]
        readable.append(row)
    return readable


def _anonymise(signals, today: datetime.date) -> int:
    ids = [s.pk for s in signals]
    if not ids:
        return 0
    Signal.objects.filter(pk__in=ids).update(anonymised_on=today, **TEXT_FIELDS)
    SignalStatusChange.objects.filter(signal_id__in=ids).scrub_text()
    return len(ids)


@transaction.atomic
def anonymise(participant) -> int:
    """Remove the text and contact details of the signals behind her file."""
    signals = list(Signal.objects.filter(participant=participant, anonymised_on__isnull=True))
    return _anonymise(signals, timezone.localdate())


def retention(*, today: datetime.date, dry_run: bool) -> list[str]:
    """Anonymise the signals that led to no intake and were closed longer than the
    programme's `signal_retention_months` ago. The signal row and its status history stay
    (dates, statuses, organisation referred to), so the trace remains."""
    candidates = (
        Signal.objects.filter(
            participant__isnull=True,
            anonymised_on__isnull=True,
            closed_on__isnull=False,
            status__in=[SignalStatus.REFERRED, SignalStatus.NO_ACTION],
        )
        .select_related("programme", "municipality")
        .order_by("closed_on", "pk")
    )
    due = [
        s
        for s in candidates
        if s.closed_on < months_before(today, s.programme.signal_retention_months)
    ]
    lines = [
        f"signal {s.pk} ({s.municipality.name}, closed {s.closed_on:%Y-%m-%d}): "
        + ("would be anonymised" if dry_run else "anonymised")
        for s in due
    ]
    if not dry_run and due:
        with transaction.atomic():
            _anonymise(due, today)
            for s in due:
                record(
                    request=None,
                    action=Action.UPDATE,
                    object_type="signal",
                    object_id=s.pk,
                    participant=None,
                    detail="anonymised (retention)",
                )
    return lines
