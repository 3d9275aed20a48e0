"""Reads of escalations: the board's queue, the figures. Who may see which escalation is
decided in `droomplan.access.policy`."""

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from droomplan.access.policy import (
    visible_escalations,
    visible_participants,
)
from droomplan.cases.models import Participant
from droomplan.core.home import shared
from droomplan.core.workdays import add_working_days, working_days_between

from .models import WAITING, BarrierKind, Escalation, EscalationStatus


def is_late(status: str, deadline: datetime.date, today: datetime.date) -> bool:
    """Still waiting for the board's decision after its deadline."""
    return status in WAITING and deadline < today


def mark(escalations, today: datetime.date) -> None:
    """Set age, working days left and overdue on each escalation (for templates). Working
    days skip her programme's closing days (`with_summary` loads the programme)."""
    for escalation in escalations:
        escalation.age_days = (today - escalation.opened_on).days
        escalation.is_overdue = is_late(escalation.status, escalation.deadline, today)
        escalation.days_left = working_days_between(
            today,
            escalation.deadline,
            extra_closed=escalation.participant.programme.closed_days,
        )


def with_summary(qs: QuerySet[Escalation]) -> QuerySet[Escalation]:
    return qs.select_related(
        "participant__programme",
        "goal",
        "action",
        "opened_by",
        "advice_by",
        "decision__organisation",
        "decision__carried_out_by",
        "decision__decided_by",
    )


def _in_queue_order(qs: QuerySet[Escalation], today: datetime.date) -> list[Escalation]:
    """The escalations of `qs`, marked (`mark`), overdue first, then by deadline."""
    items = list(qs.order_by("deadline", "opened_on", "pk"))
    mark(items, today)
    items.sort(key=lambda e: (not e.is_overdue, e.deadline, e.opened_on, e.pk))
    return items


def queue(user, *, today: datetime.date | None = None) -> list[Escalation]:
    """Escalations waiting for the board, overdue first, then by deadline (2 queries)."""
    today = today or timezone.localdate()
    return _in_queue_order(
        with_summary(visible_escalations(user).filter(status__in=WAITING)), today
    )


def recently_closed(user, *, limit: int = 20) -> list[Escalation]:
    items = list(
        with_summary(visible_escalations(user).exclude(status__in=WAITING)).order_by(
            "-updated_at", "-pk"
        )[:limit]
    )
    mark(items, timezone.localdate())
    return items


def home_queue(user, *, today: datetime.date | None = None, request=None) -> list[Escalation]:
    """`queue` for the home page: the same escalations in the same order, with only what the
    home page shows of them (the family and her programme, not the people and the decision
    of `with_summary`: eleven tables that PostgreSQL took 9 ms to plan, issue 18). Read once
    per `request` (`core.home.shared`): the work list and the role's part both show it."""
    today = today or timezone.localdate()

    def read() -> list[Escalation]:
        return _in_queue_order(
            visible_escalations(user)
            .filter(status__in=WAITING)
            .select_related("participant__programme"),
            today,
        )

    return shared(request, "escalations:home-queue", read)


def waiting_for_advice(
    user, *, today: datetime.date | None = None, request=None
) -> list[Escalation]:
    """The escalations waiting for the programme lead's advice (for the home page)."""
    return [
        e
        for e in home_queue(user, today=today, request=request)
        if e.status == EscalationStatus.OPEN
    ]


def open_of_families(
    user, family_ids, *, today: datetime.date | None = None, limit: int | None = None
) -> list[Escalation]:
    """The escalations waiting (open or advised) of these families that this user may see,
    in the queue's order, at most `limit` (for the coach's home: her own families)."""
    today = today or timezone.localdate()
    items = _in_queue_order(
        visible_escalations(user)
        .filter(status__in=WAITING, participant_id__in=list(family_ids))
        .select_related("participant__programme"),
        today,
    )
    return items if limit is None else items[:limit]


def for_participant(participant) -> list[Escalation]:
    items = list(
        with_summary(Escalation.objects.filter(participant=participant)).order_by(
            "-opened_on", "-pk"
        )
    )
    mark(items, timezone.localdate())
    return items


@dataclass(frozen=True)
class CaseCounts:
    """Her escalations on the case overview: how many, how many wait for the board, and
    how many of those are late."""

    total: int
    waiting: int
    late: int


def counts_for(
    participant, domains: frozenset[str], *, today: datetime.date | None = None
) -> CaseCounts:
    """The counts of her escalations of `domains` (and those without a goal: the same
    escalations `for_participant` lists for the section), in one small query: no objects,
    none of the joins of the list (those made planning alone take milliseconds)."""
    today = today or timezone.localdate()
    rows = Escalation.objects.filter(participant=participant).values_list(
        "goal_id", "goal__domain", "status", "deadline"
    )
    total = waiting = late = 0
    for goal_id, domain, status, deadline in rows:
        if goal_id is not None and domain not in domains:
            continue
        total += 1
        if status in WAITING:
            waiting += 1
            late += is_late(status, deadline, today)
    return CaseCounts(total=total, waiting=waiting, late=late)


def mark_case_links(user, escalations) -> None:
    """Set `show_case` on each escalation of a list (one query for the whole list)."""
    ids = {e.participant_id for e in escalations}
    visible = set(visible_participants(user).filter(pk__in=ids).values_list("pk", flat=True))
    for escalation in escalations:
        escalation.show_case = escalation.participant_id in visible


@dataclass
class KindRow:
    kind: str
    label: str
    opened: int
    decided: int
    median_days: float | None


@dataclass
class Figures:
    opened: int
    decided: int
    withdrawn: int
    waiting: int
    overdue: int
    median_days: float | None
    decided_in_time: int
    per_kind: list[KindRow]


def _median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def figures(user, *, today: datetime.date | None = None) -> Figures:
    """Counts for the programme, no names: opened, decided, median calendar days from
    opening to decision, per kind of barrier (2 queries)."""
    today = today or timezone.localdate()
    rows = list(
        visible_escalations(user).values_list(
            "kind", "status", "opened_on", "deadline", "decision__decided_on"
        )
    )
    opened = Counter()
    decided = Counter()
    days = defaultdict(list)
    all_days = []
    in_time = 0
    overdue = waiting = withdrawn = 0
    for kind, status, opened_on, deadline, decided_on in rows:
        opened[kind] += 1
        if status == EscalationStatus.DECIDED and decided_on is not None:
            decided[kind] += 1
            span = (decided_on - opened_on).days
            days[kind].append(span)
            all_days.append(span)
            if decided_on <= deadline:
                in_time += 1
        elif status in WAITING:
            waiting += 1
            if deadline < today:
                overdue += 1
        elif status == EscalationStatus.WITHDRAWN:
            withdrawn += 1
    per_kind = [
        KindRow(
            kind=value,
            label=str(label),
            opened=opened[value],
            decided=decided[value],
            median_days=_median(days[value]),
        )
        for value, label in BarrierKind.choices
    ]
    return Figures(
        opened=len(rows),
        decided=sum(decided.values()),
        withdrawn=withdrawn,
        waiting=waiting,
        overdue=overdue,
        median_days=_median(all_days),
        decided_in_time=in_time,
        per_kind=per_kind,
    )


def deadline_for(participant: Participant, opened_on: datetime.date) -> datetime.date:
    programme = participant.programme
    return add_working_days(
        opened_on, programme.escalation_deadline_days, extra_closed=programme.closed_days
    )
