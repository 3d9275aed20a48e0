"""Reads of the access log: the access overview (inzagelog) of one participant, as NEN 7513
asks for it: who (organisation, role, user), what (object, action, outcome), when.

The same selector serves the staff page and, later, the mother's own portal."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from .models import AccessLogEntry, Action, Outcome


@dataclass(frozen=True)
class Period:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    action: str = ""
    outcome: str = ""


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def access_overview(participant, period: Period | None = None) -> QuerySet[AccessLogEntry]:
    """Every access-log entry about this participant, newest first, within `period` (dates
    inclusive, in the local time zone). One query however many entries; paginate it."""
    period = period or Period()
    qs = AccessLogEntry.objects.filter(participant_id=participant.pk).only(
        "at",
        "username",
        "user_display",
        "organisation",
        "role",
        "object_type",
        "object_id",
        "action",
        "outcome",
        "detail",
        "participant_id",
    )
    if period.date_from:
        qs = qs.filter(at__gte=_start_of(period.date_from))
    if period.date_to:
        qs = qs.filter(at__lt=_start_of(period.date_to + datetime.timedelta(days=1)))
    if period.action:
        qs = qs.filter(action=period.action)
    if period.outcome:
        qs = qs.filter(outcome=period.outcome)
    return qs.order_by("-at", "-id")


def entries_for_export(participant) -> list[dict]:
    """The access log of one participant for her inzage file (who, what, when). Words are
    looked up once per code, not per entry: a log of 10,000 entries takes a fraction of a
    second."""
    from .labels import object_type_label

    actions = {code: str(label) for code, label in Action.choices}
    outcomes = {code: str(label) for code, label in Outcome.choices}
    roles: dict[str, str] = {}
    objects: dict[str, str] = {}
    rows = []
    for e in access_overview(participant).iterator(chunk_size=2000):
        if e.role not in roles:
            roles[e.role] = e.role_labels
        if e.object_type not in objects:
            objects[e.object_type] = object_type_label(e.object_type)
        rows.append(
            {
                "at": e.at,
                "user": e.user_display or e.username,
                "organisation": e.organisation,
                "role": roles[e.role],
                "object_type": objects[e.object_type],
                "action": actions.get(e.action, e.action),
                "outcome": outcomes.get(e.outcome, e.outcome),
            }
        )
    return rows
