"""The business case: costs next to returns, per mother, per cohort and for the programme, on a
reference day `D`, at low / central / high assumptions. The one home of every formula; each is
written out in docs/business-case.md with a worked example.

Who is counted and which outcome facts count come from the outcome report, never from a second
implementation of its rules: the population `P` (participants of the selection with
`start_date <= D`, drop-outs included) and the mothers who are debt-free, adequately housed or
started/completed an education on `D` are `outcomes.metrics.compute`'s refs. Only facts dated
on or before `D` are used.

Quantities (per mother, then summed; all linear, so a sum of mothers is valued like a mother):
- coaching minutes: durations of her contact moments dated on or before `D`; a moment that was
  corrected (a correction dated on or before `D` refers to it) is replaced by its correction;
  group contacts are left out (meetings are costed per meeting);
- meetings: each group meeting of the programme dated on or before `D` is shared equally by the
  mothers of `P(programme)` invited to it; a meeting without such a mother is a programme cost;
- direct spending: her ledger (`Spending`) dated on or before `D`;
- partner contributions: per organisation and year, the part of the year up to `D`, shared
  equally by the mothers of `P(programme)` (like meetings nobody of `P` was invited to);
- months in paid work: her paid work (`paid`, `paid_supported`, the outcome report's kinds)
  that started on or after her start date, from its start to its end (or `D`), overlapping jobs
  counted once; days / (365.25 / 12);
- debt-free years: for a mother debt-free on `D` (the outcome rule) who had a debt settled on or
  after her start date: years from her last settlement to `D` (days / 365.25); the amounts
  settled since her start are shown as a fact;
- a home made stable: adequately housed on `D` (the outcome rule) after an inadequate record on
  or before `D`, the first adequate record after the last inadequate one dated on or after her
  start date: 1;
- an education: started or completed between her start date and `D` (the outcome rule): 1.

Values: cost = quantity × unit value (coaching: hours × overhead factor × hourly rate; partner
hours × hourly rate); gross return = quantity × unit value; net = gross × (1 − deadweight %).
Scenario "low" is the cautious one: low unit values for returns, high ones for costs and for
deadweight; "high" the reverse. A unit value that is empty leaves its line not valued (0, and
the report says so)."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from droomplan.cases.models import Contact, ContactKind, Participant
from droomplan.lifedomains.models import Debt, Education, HousingStatus, WorkPlacement
from droomplan.meetings.models import Attendance, GroupSession
from droomplan.outcomes.metrics import Selection
from droomplan.outcomes.metrics import compute as outcome_facts
from droomplan.outcomes.report import Value, for_outside, make_value, protect_column
from droomplan.programmes.models import Cohort, Municipality, Programme

from .assumptions import BY_CODE, DEFAULTS_VALID_FROM, DEFINITIONS, Definition, Kind
from .models import Assumption, PartnerContribution, Spending

SCENARIOS = ("low", "central", "high")
# The cautious scenario takes the high end of what makes the programme look worse.
_MIRROR = {"low": "high", "central": "central", "high": "low"}
DAYS_PER_MONTH = 365.25 / 12
DAYS_PER_YEAR = 365.25
MAX_TIMELINE_POINTS = 120  # ten years of month ends
OUTCOME_CODES = ["debt_free", "adequate_housing", "education_started_or_completed"]

COST_LINES = ("coaching", "meetings", "partners", "spending")
RETURN_LINES = ("work", "debt", "housing", "education")
#: The assumption that values each return line, and its deadweight.
RETURN_ASSUMPTION = {
    "work": ("benefit_per_month", "deadweight_work"),
    "debt": ("debt_cost_per_year", "deadweight_debt"),
    "housing": ("eviction_cost", "deadweight_housing"),
    "education": ("education_value", "deadweight_education"),
}


# --- Assumptions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UsedAssumption:
    """The version of one assumption used for a report: a lead's version valid on `D`, or the
    shipped default (`is_default`)."""

    definition: Definition
    low: Decimal | None
    central: Decimal | None
    high: Decimal | None
    valid_from: datetime.date
    source: str
    source_url: str
    is_default: bool
    version_id: int | None = None
    changed_by: str = ""

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def valued(self) -> bool:
        return self.central is not None

    def level(self, name: str) -> Decimal | None:
        return getattr(self, name)

    def for_scenario(self, scenario: str) -> float | None:
        """The value this scenario uses (mirrored for costs and deadweight)."""
        kind = self.definition.kind
        level = scenario if kind == Kind.BENEFIT else _MIRROR[scenario]
        value = self.level(level)
        return None if value is None else float(value)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "label": str(self.definition.label),
            "unit": self.definition.unit,
            "low": None if self.low is None else str(self.low),
            "central": None if self.central is None else str(self.central),
            "high": None if self.high is None else str(self.high),
            "valid_from": self.valid_from.isoformat(),
            "source": str(self.source),
            "source_url": self.source_url,
            "default": self.is_default,
            "version": self.version_id,
        }


def default_assumption(definition: Definition) -> UsedAssumption:
    return UsedAssumption(
        definition,
        definition.low,
        definition.central,
        definition.high,
        DEFAULTS_VALID_FROM,
        str(definition.source),
        definition.source_url,
        is_default=True,
    )


def assumptions_on(programme: Programme, day: datetime.date) -> dict[str, UsedAssumption]:
    """Per code the version valid on `day` (latest `valid_from` on or before it, of two on one
    day the last saved), else the shipped default. One query."""
    used = {d.code: default_assumption(d) for d in DEFINITIONS}
    seen = set()
    for row in (
        Assumption.objects.valid_on(day).filter(programme=programme).select_related("created_by")
    ):
        if row.code in seen or row.code not in BY_CODE:
            continue
        seen.add(row.code)
        used[row.code] = UsedAssumption(
            BY_CODE[row.code],
            row.low,
            row.central,
            row.high,
            row.valid_from,
            row.source,
            row.source_url,
            is_default=False,
            version_id=row.pk,
            changed_by=str(row.created_by) if row.created_by else "",
        )
    return used


# --- Quantities ---------------------------------------------------------------------------------


@dataclass
class Quantities:
    """What the records say, before any unit value. Linear: sums and shares add up."""

    coaching_minutes: float = 0.0
    meetings: float = 0.0  # meetings attributed (shares)
    spending: float = 0.0  # euros
    partner_euros: float = 0.0
    partner_hours: float = 0.0
    work_months: float = 0.0
    debt_years: float = 0.0
    debt_settled: float = 0.0  # euros settled since the start (a fact, not valued)
    housing: float = 0.0  # homes made stable
    education: float = 0.0  # educations started or completed

    def add(self, other: Quantities, factor: float = 1.0) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + factor * getattr(other, f.name))

    def as_dict(self) -> dict:
        return {f.name: round(getattr(self, f.name), 4) for f in fields(self)}


@dataclass
class Valued:
    """Quantities at one scenario's unit values. A line is None when it is not valued."""

    costs: dict[str, float | None]
    gross: dict[str, float | None]
    net: dict[str, float | None]

    @property
    def total_costs(self) -> float:
        return sum(v for v in self.costs.values() if v is not None)

    @property
    def total_gross(self) -> float:
        return sum(v for v in self.gross.values() if v is not None)

    @property
    def total_net(self) -> float:
        return sum(v for v in self.net.values() if v is not None)

    @property
    def per_euro(self) -> float | None:
        """Net return per euro spent; None without costs."""
        costs = self.total_costs
        return round(self.total_net / costs, 2) if costs > 0 else None

    def as_dict(self) -> dict:
        money = lambda v: None if v is None else round(v, 2)  # noqa: E731
        return {
            "costs": {k: money(v) for k, v in self.costs.items()},
            "gross_returns": {k: money(v) for k, v in self.gross.items()},
            "net_returns": {k: money(v) for k, v in self.net.items()},
            "total_costs": money(self.total_costs),
            "total_gross_returns": money(self.total_gross),
            "total_net_returns": money(self.total_net),
            "net_return_per_euro": self.per_euro,
        }


def value(q: Quantities, used: dict[str, UsedAssumption], scenario: str) -> Valued:
    """Every formula of the business case (docs/business-case.md, "Formulas")."""
    rate = used["hourly_rate"].for_scenario(scenario)
    overhead = used["overhead_factor"].for_scenario(scenario) or 1.0
    meeting = used["meeting_cost"].for_scenario(scenario)
    costs: dict[str, float | None] = {
        "coaching": None if rate is None else q.coaching_minutes / 60 * overhead * rate,
        "meetings": None if meeting is None else q.meetings * meeting,
        "partners": q.partner_euros + (q.partner_hours * rate if rate is not None else 0.0),
        "spending": q.spending,
    }
    amounts = {
        "work": q.work_months,
        "debt": q.debt_years,
        "housing": q.housing,
        "education": q.education,
    }
    gross: dict[str, float | None] = {}
    net: dict[str, float | None] = {}
    for line, (unit_code, deadweight_code) in RETURN_ASSUMPTION.items():
        unit = used[unit_code].for_scenario(scenario)
        deadweight = used[deadweight_code].for_scenario(scenario) or 0.0
        gross[line] = None if unit is None else amounts[line] * unit
        net[line] = None if unit is None else gross[line] * (1 - deadweight / 100)
    return Valued(costs, gross, net)


def valued_all(q: Quantities, used: dict[str, UsedAssumption]) -> dict[str, Valued]:
    return {s: value(q, used, s) for s in SCENARIOS}


# --- Facts per mother ---------------------------------------------------------------------------


@dataclass
class Mother:
    pk: int
    ref: str
    cohort_id: int | None
    start_date: datetime.date
    municipality_id: int | None = None
    own: Quantities = field(default_factory=Quantities)
    # Dated facts, for the timeline and the drill-down.
    contact_months: dict[datetime.date, float] = field(default_factory=dict)
    spending_months: dict[datetime.date, float] = field(default_factory=dict)
    meeting_days: list[tuple[datetime.date, float]] = field(default_factory=list)
    work_periods: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)
    debt_free_since: datetime.date | None = None
    housed_on: datetime.date | None = None
    education_on: datetime.date | None = None
    quantities: Quantities = field(default_factory=Quantities)  # own + her share
    valued: dict[str, Valued] = field(default_factory=dict)


def _merge(periods: list[tuple[datetime.date, datetime.date]]):
    merged: list[list[datetime.date]] = []
    for begin, end in sorted(periods):
        if merged and begin <= merged[-1][1] + datetime.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    return [(b, e) for b, e in merged]


def work_months(periods, until: datetime.date) -> float:
    """Months in paid work up to `until`: days of the (merged) periods, both ends included,
    divided by 365.25 / 12."""
    days = 0
    for begin, end in periods:
        end = min(end, until)
        if end >= begin:
            days += (end - begin).days + 1
    return days / DAYS_PER_MONTH


def year_fraction(year: int, until: datetime.date) -> float:
    """The part of `year` up to and including `until` (0 before it, 1 after it)."""
    first = datetime.date(year, 1, 1)
    if until < first:
        return 0.0
    length = 366 if calendar.isleap(year) else 365
    return min(1.0, ((until - first).days + 1) / length)


def _years_since(day: datetime.date | None, until: datetime.date) -> float:
    if day is None or day > until:
        return 0.0
    return (until - day).days / DAYS_PER_YEAR


def _at(day: datetime.date | None, until: datetime.date) -> float:
    return 1.0 if day is not None and day <= until else 0.0


@dataclass
class Shared:
    """Programme costs not tied to one mother, shared equally by `P(programme)`."""

    population: int
    meetings: list[tuple[datetime.date, float]]  # (date, share of a meeting) nobody of P had
    contributions: list[PartnerContribution]

    def quantities(self, until: datetime.date) -> Quantities:
        q = Quantities()
        q.meetings = sum(share for day, share in self.meetings if day <= until)
        for c in self.contributions:
            fraction = year_fraction(c.year, until)
            q.partner_euros += float(c.euros or 0) * fraction
            q.partner_hours += float(c.hours or 0) * fraction
        return q

    def per_mother(self, until: datetime.date) -> Quantities:
        q = Quantities()
        if self.population:
            q.add(self.quantities(until), 1 / self.population)
        return q


def _mother_quantities(m: Mother, until: datetime.date) -> Quantities:
    """Her own quantities up to `until` (≤ D), from the dated facts."""
    q = Quantities()
    q.coaching_minutes = sum(v for month, v in m.contact_months.items() if month <= until)
    q.spending = sum(v for month, v in m.spending_months.items() if month <= until)
    q.meetings = sum(share for day, share in m.meeting_days if day <= until)
    q.work_months = work_months(m.work_periods, until)
    q.debt_years = _years_since(m.debt_free_since, until)
    q.housing = _at(m.housed_on, until)
    q.education = _at(m.education_on, until)
    return q


def _load_mothers(selection: Selection, as_of: datetime.date) -> tuple[list[Mother], dict, set]:
    """The mothers of `P` with their facts; the outcome numerators used."""
    facts = outcome_facts(selection, as_of, codes=OUTCOME_CODES)
    refs = facts.population_refs or []
    rows = Participant.objects.filter(programme=selection.programme, ref__in=refs).values_list(
        "pk", "ref", "cohort_id", "start_date", "municipality_id"
    )
    mothers = {
        pk: Mother(pk, ref, cohort, start, municipality)
        for pk, ref, cohort, start, municipality in rows
    }
    pids = list(mothers)
    numerators = {code: set(facts.metrics[code].numerator_refs or []) for code in OUTCOME_CODES}

    # Coaching time per month (a corrected moment is replaced by its correction).
    contacts = (
        Contact.objects.filter(participant_id__in=pids, date__lte=as_of)
        .exclude(kind=ContactKind.GROUP)
        .exclude(corrections__date__lte=as_of)
        .annotate(month=TruncMonth("date"))
        .values_list("participant_id", "month")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by()
    )
    for pid, month, minutes in contacts:
        month = _month_end(month)
        mothers[pid].contact_months[month] = mothers[pid].contact_months.get(month, 0) + minutes

    spending = (
        Spending.objects.filter(participant_id__in=pids, date__lte=as_of)
        .annotate(month=TruncMonth("date"))
        .values_list("participant_id", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for pid, month, total in spending:
        month = _month_end(month)
        mothers[pid].spending_months[month] = mothers[pid].spending_months.get(month, 0) + float(
            total
        )

    for pid, begin, end in (
        WorkPlacement.objects.paid()
        .filter(participant_id__in=pids, started_on__lte=as_of)
        .values_list("participant_id", "started_on", "ended_on")
    ):
        m = mothers[pid]
        if begin >= m.start_date:
            m.work_periods.append((begin, min(end or as_of, as_of)))
    for m in mothers.values():
        m.work_periods = _merge(m.work_periods)

    last_settled: dict[int, datetime.date] = {}
    settled_since_start: dict[int, float] = defaultdict(float)
    for pid, amount, settled in Debt.objects.filter(
        participant_id__in=pids, registered_on__lte=as_of, settled_on__lte=as_of
    ).values_list("participant_id", "amount", "settled_on"):
        if settled >= mothers[pid].start_date:
            settled_since_start[pid] += float(amount)
            last_settled[pid] = max(settled, last_settled.get(pid, settled))
    for pid, m in mothers.items():
        m.own.debt_settled = settled_since_start.get(pid, 0.0)
        if m.ref in numerators["debt_free"] and pid in last_settled:
            m.debt_free_since = last_settled[pid]

    housing: dict[int, list] = defaultdict(list)
    for pid, day, pk, adequate in HousingStatus.objects.filter(
        participant_id__in=pids, date__lte=as_of
    ).values_list("participant_id", "date", "pk", "adequate"):
        housing[pid].append((day, pk, adequate))
    for pid, records in housing.items():
        m = mothers[pid]
        if m.ref not in numerators["adequate_housing"]:
            continue
        records.sort()  # by date, then id: the outcome report's order
        last_bad = max((i for i, r in enumerate(records) if not r[2]), default=None)
        if last_bad is not None and last_bad + 1 < len(records):
            first_good = records[last_bad + 1][0]
            if first_good >= m.start_date:
                m.housed_on = first_good

    for pid, started, completed in Education.objects.filter(participant_id__in=pids).values_list(
        "participant_id", "started_on", "completed_on"
    ):
        m = mothers[pid]
        if m.ref not in numerators["education_started_or_completed"]:
            continue
        for day in (started, completed):
            if day is not None and m.start_date <= day <= as_of:
                m.education_on = min(day, m.education_on or day)
    return list(mothers.values()), numerators, set(refs)


def _month_end(day) -> datetime.date:
    if isinstance(day, datetime.datetime):
        day = day.date()
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _meetings(programme: Programme, as_of: datetime.date, programme_refs: set[str], mothers):
    """Each meeting shared by its invited mothers of `P(programme)`; the rest is shared."""
    invited: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for session_id, pid, ref in Attendance.objects.filter(
        session__programme=programme, session__date__lte=as_of
    ).values_list("session_id", "participant_id", "participant__ref"):
        if ref in programme_refs:
            invited[session_id].append((pid, ref))
    by_pk = {m.pk: m for m in mothers}
    unshared = []
    for session_id, day in GroupSession.objects.filter(
        programme=programme, date__lte=as_of
    ).values_list("pk", "date"):
        guests = invited.get(session_id, [])
        if not guests:
            unshared.append((day, 1.0))
            continue
        for pid, _ref in guests:
            if pid in by_pk:
                by_pk[pid].meeting_days.append((day, 1 / len(guests)))
    return unshared


# --- The business case --------------------------------------------------------------------------


@dataclass
class Row:
    """A cohort (or the whole selection): population and its valued quantities, or hidden."""

    code: str
    name: str
    population: Value
    quantities: Quantities
    valued: dict[str, Valued]

    @property
    def shown(self) -> bool:
        return self.population.shown


@dataclass
class Point:
    day: datetime.date
    costs: dict[str, float]
    returns: dict[str, float]  # net


@dataclass
class BusinessCase:
    selection: Selection
    as_of: datetime.date
    external: bool
    threshold: int
    assumptions: dict[str, UsedAssumption]
    total: Row
    cohorts: list[Row]
    timeline: list[Point]
    break_even: dict[str, datetime.date | None]
    mothers: list[Mother] | None = None  # internal only
    programme_population: int = 0
    municipalities: list[Row] = field(default_factory=list)

    @property
    def defaults_used(self) -> list[UsedAssumption]:
        """Shipped defaults with values that the lead has not confirmed yet."""
        return [a for a in self.assumptions.values() if a.is_default and a.valued]

    @property
    def not_valued(self) -> list[UsedAssumption]:
        return [a for a in self.assumptions.values() if not a.valued]


def month_ends(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The month ends from the month of `first` up to before `last`, then `last` itself."""
    days = []
    day = _month_end(first)
    while day < last:
        days.append(day)
        nxt = day + datetime.timedelta(days=1)
        day = _month_end(nxt)
    days.append(last)
    return days[-MAX_TIMELINE_POINTS:]


def _breakdown(groups: dict, labels: dict, population, used, *, external: bool) -> list[Row]:
    """One row per cohort or per municipality (the outcome report's breakdowns); outside the
    programme small rows hidden with the outcome report's complementary suppression."""
    rows = []
    for key, members in groups.items():
        q = Quantities()
        for m in members:
            q.add(m.quantities)
        code, name = labels.get(key, ("", ""))
        rows.append(Row(code, name, population(len(members)), q, valued_all(q, used)))
    rows.sort(key=lambda r: (r.code == "", r.name))
    if external:
        protect_column([r.population for r in rows])
    return rows


def build(
    selection: Selection,
    as_of: datetime.date,
    *,
    external: bool,
    with_mothers: bool = False,
    with_timeline: bool = True,
    with_breakdowns: bool = True,
) -> BusinessCase:
    """The business case of a selection on `D`. External: the whole programme on the published
    quarter end (the outcome report's `for_outside`), no mothers, small cohorts hidden."""
    if external and with_mothers:
        raise ValueError("An external business case never lists mothers.")
    if external:
        selection, as_of = for_outside(selection, as_of)
    programme = selection.programme
    threshold = programme.small_cell_threshold
    used = assumptions_on(programme, as_of)
    mothers, _numerators, refs = _load_mothers(selection, as_of)
    whole = not selection.cohorts and not selection.municipalities
    if whole:
        programme_refs = refs
    else:
        programme_refs = set(
            outcome_facts(Selection(programme), as_of, codes=[]).population_refs or []
        )
    unshared = _meetings(programme, as_of, programme_refs, mothers)
    contributions = list(
        PartnerContribution.objects.filter(programme=programme, year__lte=as_of.year)
    )
    shared = Shared(len(programme_refs), unshared, contributions)

    share = shared.per_mother(as_of)
    total_q = Quantities()
    by_cohort: dict[int | None, list[Mother]] = defaultdict(list)
    for m in mothers:
        m.own.add(_mother_quantities(m, as_of))
        m.quantities = Quantities()
        m.quantities.add(m.own)
        m.quantities.add(share)
        total_q.add(m.quantities)
        by_cohort[m.cohort_id].append(m)
        if with_mothers:
            m.valued = valued_all(m.quantities, used)
    if whole and not mothers:
        total_q.add(shared.quantities(as_of))  # a programme without mothers in P yet

    def population(n: int) -> Value:
        return make_value(n, n, external=external, threshold=threshold)

    total = Row("", programme.name, population(len(mothers)), total_q, valued_all(total_q, used))
    cohorts: list[Row] = []
    municipalities: list[Row] = []
    if with_breakdowns:  # per cohort and per municipality (not for the drill-down, the home)
        cohorts = _breakdown(
            by_cohort,
            {
                c.pk: (c.code, c.name)
                for c in Cohort.objects.filter(pk__in=[k for k in by_cohort if k])
            },
            population,
            used,
            external=external,
        )
    if with_breakdowns and not external:  # outside the programme: programme and cohorts only
        by_municipality: dict[int | None, list[Mother]] = defaultdict(list)
        for m in mothers:
            by_municipality[m.municipality_id].append(m)
        municipalities = _breakdown(
            by_municipality,
            {
                x.pk: (x.cbs_code, x.name)
                for x in Municipality.objects.filter(pk__in=[k for k in by_municipality if k])
            },
            population,
            used,
            external=external,
        )

    timeline: list[Point] = []
    break_even: dict[str, datetime.date | None] = dict.fromkeys(SCENARIOS)
    if with_timeline and mothers and total.shown:
        first = min(m.start_date for m in mothers)
        for day in month_ends(first, as_of):
            q = Quantities()
            for m in mothers:
                q.add(_mother_quantities(m, day))
            q.add(shared.per_mother(day), len(mothers))
            valued = valued_all(q, used)
            timeline.append(
                Point(
                    day,
                    {s: valued[s].total_costs for s in SCENARIOS},
                    {s: valued[s].total_net for s in SCENARIOS},
                )
            )
        for s in SCENARIOS:
            break_even[s] = next(
                (p.day for p in timeline if p.costs[s] > 0 and p.returns[s] >= p.costs[s]), None
            )
    return BusinessCase(
        selection,
        as_of,
        external,
        threshold,
        used,
        total,
        cohorts,
        timeline,
        break_even,
        mothers=sorted(mothers, key=lambda m: m.ref) if with_mothers else None,
        programme_population=len(programme_refs),
        municipalities=municipalities,
    )


def as_json(case: BusinessCase) -> dict:
    """Everything needed to recompute the report later: the assumptions used, the quantities
    and values per scenario, per cohort and (internal) per mother."""

    def row(r: Row) -> dict:
        if not r.shown:
            return {"code": r.code, "name": r.name, "participants": r.population.mask}
        return {
            "code": r.code,
            "name": r.name,
            "participants": r.population.denominator,
            "quantities": r.quantities.as_dict(),
            "scenarios": {s: r.valued[s].as_dict() for s in SCENARIOS},
        }

    data = {
        "as_of": case.as_of.isoformat(),
        "selection": case.selection.as_dict(),
        "external": case.external,
        "programme_population": case.programme_population,
        "assumptions": {code: a.as_dict() for code, a in case.assumptions.items()},
        "total": row(case.total),
        "cohorts": [row(r) for r in case.cohorts],
        "municipalities": [row(r) for r in case.municipalities],
        "timeline": [
            {
                "date": p.day.isoformat(),
                "costs": {s: round(v, 2) for s, v in p.costs.items()},
                "net_returns": {s: round(v, 2) for s, v in p.returns.items()},
            }
            for p in case.timeline
        ],
        "break_even": {s: d.isoformat() if d else None for s, d in case.break_even.items()},
    }
    if case.mothers is not None:
        data["participants"] = [
            {
                "ref": m.ref,
                "start_date": m.start_date.isoformat(),
                "quantities": m.quantities.as_dict(),
                "own_quantities": m.own.as_dict(),
                "scenarios": {s: m.valued[s].as_dict() for s in SCENARIOS} if m.valued else {},
            }
            for m in case.mothers
        ]
    return data
