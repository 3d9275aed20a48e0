"""Reads of the access log: the access overview (inzagelog) of one participant, as NEN 7513
asks for it: who (organisation, role, user), what (object, action, outcome), when.

The same selector serves the staff page and, later, the mother's own portal."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .labels import seen_parts
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
        for kind in seen_parts(e.object_type, e.detail):
            if kind not in objects:
                objects[kind] = object_type_label(kind)
        rows.append(
            {
                "at": e.at,
                "user": e.user_display or e.username,
                "organisation": e.organisation,
                "role": roles[e.role],
                "object_type": ", ".join(objects[k] for k in seen_parts(e.object_type, e.detail)),
                "action": actions.get(e.action, e.action),
                "outcome": outcomes.get(e.outcome, e.outcome),
            }
        )
    return rows


# --- Her own access log, readable (her portal) ------------------------------------------------

LOOKING = frozenset({Action.VIEW, Action.LIST, Action.SEARCH, Action.EXPORT, Action.PRINT})
DAYS_PER_PAGE = 7


@dataclass
class PersonOnDay:
    """One person on one day: who (name, role, organisation) and what, in words."""

    name: str
    role: str
    organisation: str
    looked_at: list[str]
    changed: list[str]
    times: int = 0
    refused: int = 0


@dataclass
class LogDay:
    day: datetime.date
    people: list[PersonOnDay]


def _by_others(participant) -> QuerySet[AccessLogEntry]:
    """The entries about her made by anyone but herself (her own looking is left out)."""
    qs = AccessLogEntry.objects.filter(participant_id=participant.pk)
    if participant.user_id is not None:
        qs = qs.exclude(user_id=participant.user_id)
    return qs


def her_access_log(participant, *, page=None, days_per_page: int = DAYS_PER_PAGE):
    """Who looked at her file, for her to read: a page of days (newest first), each day
    grouped per person with what they looked at or changed in plain words
    (`labels.plain_phrase`). Her own looking is left out. Three queries for any page, however
    long the log: how many days, which days on this page, and the entries of those days."""
    from django.core.paginator import Paginator
    from django.db.models.functions import TruncDate

    from .labels import plain_phrase

    days = (
        _by_others(participant)
        .annotate(day=TruncDate("at"))
        .order_by("-day")
        .values_list("day", flat=True)
        .distinct()
    )
    result = Paginator(days, days_per_page).get_page(page)
    shown = list(result.object_list)
    if not shown:
        result.object_list = []
        return result
    entries = (
        _by_others(participant)
        .filter(
            at__gte=_start_of(shown[-1]),
            at__lt=_start_of(shown[0] + datetime.timedelta(days=1)),
        )
        .only(
            "at",
            "user_id",
            "username",
            "user_display",
            "organisation",
            "role",
            "object_type",
            "action",
            "outcome",
            "detail",
        )
        .order_by("at", "id")
    )
    groups: dict[datetime.date, dict[tuple, PersonOnDay]] = {day: {} for day in shown}
    roles: dict[str, str] = {}
    for entry in entries:
        day = timezone.localtime(entry.at).date()
        if day not in groups:
            continue
        if entry.role not in roles:
            roles[entry.role] = entry.role_labels
        key = (entry.user_id, entry.username, entry.user_display, entry.organisation, entry.role)
        person = groups[day].get(key)
        if person is None:
            person = groups[day][key] = PersonOnDay(
                name=entry.user_display or entry.username or str(_("Droomplan (automatic)")),
                role=roles[entry.role],
                organisation=entry.organisation,
                looked_at=[],
                changed=[],
            )
        person.times += 1
        if entry.outcome == Outcome.DENIED:
            person.refused += 1
            continue
        what = person.looked_at if entry.action in LOOKING else person.changed
        for kind in seen_parts(entry.object_type, entry.detail):
            phrase = plain_phrase(kind)
            if phrase not in what:
                what.append(phrase)
    result.object_list = [LogDay(day, list(groups[day].values())) for day in shown]
    return result
