"""Reads of the life-domain trackers.

The day logic is pure functions over lists of records (so the case page loads each domain in
one query and computes everything in Python); the query helpers are the `objects.open_on(day)`,
`latest_on(day)` and `current_on(day)` methods on the models' querysets.

Definitions (the same as the outcome report, OUTCOMES.md):
- a debt is open on day D when registered_on <= D and (settled_on is empty or after D);
  a debt settled on D is no longer open on D;
- the housing on D is the record with the latest date on or before D;
- work or an education is current on D when started on or before D and not ended
  (ended, completed, stopped) before D: the end date is the last day.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Func, Prefetch, QuerySet, Sum
from django.utils import timezone

from droomplan.cases.models import Participant
from droomplan.core.domains import LifeDomain

from .models import (
    Debt,
    DebtRoute,
    DebtRouteChange,
    Education,
    HousingStatus,
    WorkKind,
    WorkPlacement,
)

ZERO = Decimal("0.00")


# --- Debts -----------------------------------------------------------------------------------


def is_open_on(debt: Debt, day: datetime.date) -> bool:
    return debt.registered_on <= day and (debt.settled_on is None or debt.settled_on > day)


def outstanding_on(debts: Iterable[Debt], day: datetime.date) -> Decimal:
    """The total of the debts open on `day`."""
    return sum((d.amount for d in debts if is_open_on(d, day)), ZERO)


def outstanding_total(participant: Participant, day: datetime.date) -> Decimal:
    """The same total in one query (for when the debts are not loaded)."""
    total = Debt.objects.filter(participant=participant).open_on(day).aggregate(t=Sum("amount"))
    return total["t"] or ZERO


@dataclass(frozen=True)
class SeriesPoint:
    date: datetime.date
    total: Decimal


def outstanding_series(
    debts: Iterable[Debt], *, until: datetime.date | None = None
) -> list[SeriesPoint]:
    """The total outstanding on every day it changes (a registration or a settlement), in
    date order; with `until`, changes after it are left out and a last point on `until` shows
    the level up to that day. Empty when there are no debts (up to `until`)."""
    changes: dict[datetime.date, Decimal] = {}
    for debt in debts:
        if until is not None and debt.registered_on > until:
            continue
        changes[debt.registered_on] = changes.get(debt.registered_on, ZERO) + debt.amount
        if debt.settled_on is not None and (until is None or debt.settled_on <= until):
            changes[debt.settled_on] = changes.get(debt.settled_on, ZERO) - debt.amount
    points = []
    total = ZERO
    for day in sorted(changes):
        total += changes[day]
        points.append(SeriesPoint(day, total))
    if until is not None and points and points[-1].date < until:
        points.append(SeriesPoint(until, total))
    return points


@dataclass(frozen=True)
class DebtSituation:
    """Her debts on one day. `debt_free_since` is set only when at least one debt was
    registered on or before the day and none is open on it: it is the day the last of them
    was settled. With no debts at all, `has_debts` is False (not the same as debt-free
    since a date: nothing was ever registered)."""

    day: datetime.date
    has_debts: bool
    open_count: int
    outstanding: Decimal
    debt_free_since: datetime.date | None

    @property
    def is_debt_free(self) -> bool:
        return self.open_count == 0


def debt_situation(debts: Sequence[Debt], day: datetime.date) -> DebtSituation:
    registered = [d for d in debts if d.registered_on <= day]
    open_debts = [d for d in registered if is_open_on(d, day)]
    since = None
    if registered and not open_debts:
        since = max(d.settled_on for d in registered)
    return DebtSituation(
        day=day,
        has_debts=bool(registered),
        open_count=len(open_debts),
        outstanding=sum((d.amount for d in open_debts), ZERO),
        debt_free_since=since,
    )


@dataclass(frozen=True)
class DebtsInWords:
    """Her debts as she reads them: how many are still open and how many are settled (no
    amounts of other people, no creditor account numbers)."""

    open_count: int
    settled_count: int

    @property
    def has_debts(self) -> bool:
        return bool(self.open_count or self.settled_count)


def debts_in_words(participant: Participant, day: datetime.date | None = None) -> DebtsInWords:
    """ "Nog 2 schulden open, 3 geregeld" (one query; open on a day as `is_open_on`)."""
    day = day or timezone.localdate()
    debts = list(
        Debt.objects.filter(participant=participant, registered_on__lte=day).only(
            "registered_on", "settled_on"
        )
    )
    open_count = sum(1 for d in debts if is_open_on(d, day))
    return DebtsInWords(open_count=open_count, settled_count=len(debts) - open_count)


def debt_free_since(debts: Sequence[Debt], day: datetime.date) -> datetime.date | None:
    return debt_situation(debts, day).debt_free_since


def debts_for(participant: Participant) -> list[Debt]:
    """Her debts with their route history (two queries)."""
    return list(
        Debt.objects.filter(participant=participant)
        .order_by("registered_on", "pk")
        .prefetch_related(
            Prefetch(
                "route_changes",
                queryset=DebtRouteChange.objects.order_by("date", "created_at", "pk"),
            )
        )
    )


# --- Housing ---------------------------------------------------------------------------------


def housing_on(records: Iterable[HousingStatus], day: datetime.date) -> HousingStatus | None:
    """The record in force on `day`: the latest dated on or before it (ties: the last
    entered)."""
    candidates = [r for r in records if r.date <= day]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (r.date, r.created_at, r.pk))


def current_housing(participant: Participant, day: datetime.date | None = None):
    day = day or timezone.localdate()
    return _housing_in_force(participant.pk, day).first()


def _housing_in_force(participant_id: int, day: datetime.date):
    """Her housing records on or before `day`, the one in force first (`housing_on`)."""
    return HousingStatus.objects.filter(participant_id=participant_id, date__lte=day).order_by(
        "-date", "-created_at", "-pk"
    )


def housing_for(participant: Participant) -> list[HousingStatus]:
    return list(HousingStatus.objects.filter(participant=participant).order_by("date", "pk"))


# --- Education and work ----------------------------------------------------------------------


def current_educations(records: Iterable[Education], day: datetime.date) -> list[Education]:
    return [r for r in records if r.is_current_on(day)]


def current_work(records: Iterable[WorkPlacement], day: datetime.date) -> list[WorkPlacement]:
    return [r for r in records if r.is_current_on(day)]


def educations_for(participant: Participant) -> list[Education]:
    return list(Education.objects.filter(participant=participant).order_by("started_on", "pk"))


def work_for(participant: Participant) -> list[WorkPlacement]:
    return list(
        WorkPlacement.objects.filter(participant=participant)
        .select_related("employer_organisation")
        .order_by("started_on", "pk")
    )


# --- Everything for the case page --------------------------------------------------------------


@dataclass
class LifeDomains:
    """What the case page shows, limited to the domains the user may see (a domain the user
    may not see is None, never loaded)."""

    today: datetime.date
    debts: list[Debt] | None = None
    debt: DebtSituation | None = None
    series: list[SeriesPoint] = field(default_factory=list)
    housing: list[HousingStatus] | None = None
    current_housing: HousingStatus | None = None
    educations: list[Education] | None = None
    current_educations: list[Education] = field(default_factory=list)
    work: list[WorkPlacement] | None = None
    current_work: list[WorkPlacement] = field(default_factory=list)

    @property
    def credit_bank_debts(self) -> list[Debt]:
        """Debts the credit bank took over (a consolidation loan at some point)."""
        return [
            d
            for d in self.debts or []
            if any(c.route == DebtRoute.CONSOLIDATION_LOAN for c in d.route_changes.all())
        ]


def life_domains_for(
    participant: Participant, domains: frozenset[str], *, today: datetime.date | None = None
) -> LifeDomains:
    """At most five queries, whatever the number of records."""
    today = today or timezone.localdate()
    result = LifeDomains(today=today)
    if LifeDomain.FINANCES in domains:
        result.debts = debts_for(participant)
        result.debt = debt_situation(result.debts, today)
        result.series = outstanding_series(result.debts, until=today)
    if LifeDomain.FAMILY_STABILITY in domains:
        result.housing = housing_for(participant)
        result.current_housing = housing_on(result.housing, today)
    if LifeDomain.EDUCATION in domains:
        result.educations = educations_for(participant)
        result.current_educations = current_educations(result.educations, today)
    if LifeDomain.EMPLOYMENT in domains:
        result.work = work_for(participant)
        result.current_work = current_work(result.work, today)
    return result


# --- The line on the case overview ----------------------------------------------------------


@dataclass(frozen=True)
class OverviewLine:
    """Her life domains on the case overview, today, limited to the domains the user may
    see (a domain she may not see is not read: `debt` None, `*_shown` False)."""

    debt: DebtSituation | None = None
    housing_shown: bool = False
    housing_adequate: bool | None = None  # None: no housing situation recorded (up to today)
    education_shown: bool = False
    education: str | None = None  # the name of her first current education (`educations_for`)
    work_shown: bool = False
    work_kind: str | None = None  # the kind of her first current work (`work_for`), displayed


def _line_columns(domain: str, participant_id: int, day: datetime.date) -> list[QuerySet]:
    """The scalar subqueries of `overview_line` for one domain, built from the rules' own
    querysets (`Debt.objects.open_on`, `_housing_in_force`, `current_on` of education and work,
    in the order of `educations_for` and `work_for`)."""

    def count(qs: QuerySet) -> QuerySet:  # COUNT(*) without GROUP BY: a row, also for none
        return qs.order_by().annotate(n=Func("pk", function="COUNT")).values("n")

    def total(qs: QuerySet, function: str, column: str) -> QuerySet:
        return qs.order_by().annotate(v=Func(column, function=function)).values("v")

    if domain == LifeDomain.FINANCES:
        registered = Debt.objects.filter(participant_id=participant_id, registered_on__lte=day)
        open_debts = Debt.objects.filter(participant_id=participant_id).open_on(day)
        return [
            count(registered),
            count(open_debts),
            total(open_debts, "SUM", "amount"),
            total(registered, "MAX", "settled_on"),
        ]
    if domain == LifeDomain.FAMILY_STABILITY:
        return [_housing_in_force(participant_id, day).values("adequate")[:1]]
    if domain == LifeDomain.EDUCATION:
        current = Education.objects.filter(participant_id=participant_id).current_on(day)
        return [current.order_by("started_on", "pk").values("name")[:1]]
    current = WorkPlacement.objects.filter(participant_id=participant_id).current_on(day)
    return [current.order_by("started_on", "pk").values("kind")[:1]]


# `overview_line`'s SQL per database and domains, compiled once per process from querysets
# asked with these two stand-ins for her id and the day, which it then replaces in the
# parameters: compiling the querysets on every case page cost about 8 ms of CPU (its five
# subqueries), more than the five queries of her records it replaced.
_SOME_ID = -715_349
_SOME_DAY = datetime.date(1903, 5, 17)
_line_sql_cache: dict[tuple[str, frozenset[str]], tuple[str, list]] = {}


def _line_sql(domains: frozenset[str]) -> tuple[str, list]:
    key = (connection.vendor, domains)
    if key not in _line_sql_cache:
        parts, params = [], []
        for domain in SHOWN_ON_LINE:
            if domain in domains:
                for column in _line_columns(domain, _SOME_ID, _SOME_DAY):
                    sql, column_params = column.query.sql_with_params()
                    parts.append(f"({sql})")
                    params += column_params
        _line_sql_cache[key] = ("SELECT " + ", ".join(parts) if parts else "", params)
    return _line_sql_cache[key]


SHOWN_ON_LINE = (
    LifeDomain.FINANCES,
    LifeDomain.FAMILY_STABILITY,
    LifeDomain.EDUCATION,
    LifeDomain.EMPLOYMENT,
)


def _as_date(value) -> datetime.date | None:
    """A date from the database (SQLite gives text for a computed date)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def overview_line(
    participant: Participant, domains: frozenset[str], *, today: datetime.date | None = None
) -> OverviewLine:
    """What the overview's line shows of `life_domains_for`, in one query of scalar
    subqueries and no objects: the debt situation today (`debt_situation`, the days as
    `Debt.objects.open_on`), whether the housing in force is adequate (`housing_on`), her
    first current education and work (`Education.objects.current_on`,
    `WorkPlacement.objects.current_on`, in the order of `educations_for`, `work_for`); the
    subqueries are those rules' querysets (`_line_columns`), compiled once per process
    (`_line_sql`). `tests/test_selectors.py` checks it against `life_domains_for` on edge
    days."""
    today = today or timezone.localdate()
    sql, stand_ins = _line_sql(domains)
    if not sql:
        return OverviewLine()
    some_day = connection.ops.adapt_datefield_value(_SOME_DAY)
    day = connection.ops.adapt_datefield_value(today)
    params = [
        participant.pk if value == _SOME_ID else day if value == some_day else value
        for value in stand_ins
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = list(cursor.fetchone())
    debt = None
    if LifeDomain.FINANCES in domains:
        registered, open_count, outstanding, last_settled = row[:4]
        del row[:4]
        debt = DebtSituation(
            day=today,
            has_debts=bool(registered),
            open_count=open_count,
            outstanding=ZERO if outstanding is None else Decimal(str(outstanding)).quantize(ZERO),
            debt_free_since=_as_date(last_settled) if registered and not open_count else None,
        )
    adequate = row.pop(0) if LifeDomain.FAMILY_STABILITY in domains else None
    education = row.pop(0) if LifeDomain.EDUCATION in domains else None
    work = row.pop(0) if LifeDomain.EMPLOYMENT in domains else None
    return OverviewLine(
        debt=debt,
        housing_shown=LifeDomain.FAMILY_STABILITY in domains,
        housing_adequate=None if adequate is None else bool(adequate),
        education_shown=LifeDomain.EDUCATION in domains,
        education=education,
        work_shown=LifeDomain.EMPLOYMENT in domains,
        work_kind=None if work is None else dict(WorkKind.choices).get(work, work),
    )
