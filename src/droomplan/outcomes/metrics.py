"""The outcome metrics ("facts & figures"), exactly as docs/outcomes.md defines them.

Every metric is `numerator / denominator` over a *selection* (a programme, optionally some
cohorts and municipalities) on a reference day `D` (the "as of" date):

- Population `P`: participants of the selection whose `start_date` is on or before `D`
  (drop-outs included; a mother still in intake has no start date and is not in `P`).
- Only facts dated on or before `D` exist: later debts, settlements, housing records,
  educations, work and measurements are ignored.
- "Two years after start" is the same day and month two years later (29 February → 28
  February), see `two_years_after`.
- Baseline / latest measurement of an instrument: her earliest / last one on or before `D`
  (by `taken_on`, whatever order they were entered in); fewer than two such measurements means
  no change.
- Percentage: `round(100 * numerator / denominator, 1)`, `None` when the denominator is 0.

Each metric is a named function below (`debt_free`, `adequate_housing`, ...) returning a
`MetricResult` with the counts, the percentage and the sorted participant refs of numerator and
denominator, so each percentage can be checked by hand.

Speed: all metrics are computed by the database in one statement (`compute`): a population
CTE, one hash aggregate per kind of fact (open debts, latest housing, baseline/latest measurement
per instrument, educations, paid work), joined once. "Latest" and "earliest" are the maximum and
minimum of an integer order key (days, then id) that carries the wanted value in its lowest bits,
so no sorting or window functions are needed. The same SQL runs on
SQLite and PostgreSQL; only "plus two years" differs per database. It either returns one row
per participant (with refs) or counts grouped by cohort and municipality (for figures and
breakdowns, without sending 100,000 rows to Python)."""

# ruff: noqa: S608  (SQL is assembled from table names of our models, constant fragments and
# checked code literals; every value from a user is a query parameter)

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from droomplan.programmes.models import Cohort, Municipality, Programme

# Instrument codes (exchange format) used by the metrics.
BRUG = "brug"
LADDER = "participatieladder"
PSS = "pss-10"
EXECUTIVE = "executive-skills"
PAID_KINDS = ("paid", "paid_supported")
_SAFE_LITERAL = re.compile(r"^[a-z0-9_-]+$")


# --- Dates ------------------------------------------------------------------------------------


def two_years_after(day: datetime.date) -> datetime.date:
    """The same day and month two years later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 2)
    except ValueError:  # 29 February → a year without it
        return day.replace(year=day.year + 2, day=28)


def percentage(numerator: int, denominator: int) -> float | None:
    """`round(100 × numerator / denominator, 1)`; None when the denominator is 0."""
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)


# --- Selection and results --------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """Which participants a report is about: one programme, optionally narrowed to cohorts
    and/or municipalities (an empty tuple means all)."""

    programme: Programme
    cohorts: tuple[Cohort, ...] = ()
    municipalities: tuple[Municipality, ...] = ()

    def as_dict(self) -> dict:
        return {
            "programme": self.programme.code,
            "cohorts": sorted(c.code for c in self.cohorts),
            "municipalities": sorted(m.cbs_code for m in self.municipalities),
        }


@dataclass
class MetricResult:
    code: str
    numerator: int
    denominator: int
    numerator_refs: list[str] | None = None
    denominator_refs: list[str] | None = None
    # Participants of the denominator whose data to judge is missing ("niet gemeten").
    unknown: int = 0
    unknown_refs: list[str] | None = None

    @property
    def percentage(self) -> float | None:
        return percentage(self.numerator, self.denominator)

    def as_dict(self, *, with_refs: bool = True) -> dict:
        data = {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percentage": self.percentage,
        }
        if with_refs:
            data["numerator_refs"] = self.numerator_refs or []
            data["denominator_refs"] = self.denominator_refs or []
        data["unknown"] = self.unknown
        if with_refs:
            data["unknown_refs"] = self.unknown_refs or []
        return data


@dataclass(frozen=True)
class Metric:
    """One KPI: its code, Dutch-first label, the definition for footnotes, and the SQL of its
    numerator and denominator flags over the joined per-participant facts (see `_flags_sql`)."""

    code: str
    label: str
    short_label: str
    definition: str
    numerator_sql: str
    denominator_sql: str = "1"
    needs: frozenset[str] = field(default_factory=frozenset)
    # 1 for a participant of the denominator whose data to judge is missing ("niet gemeten").
    unknown_sql: str = "0"


# Her debt situation is known on D: a debt inventory on or before D, or a debt registered on or
# before D (OUTCOMES.md version 2).
DEBT_KNOWN = "pop.debt_inventory_on <= %(D)s OR any_debt.pid IS NOT NULL"

METRICS: list[Metric] = [
    Metric(
        "debt_free",
        _("Debt-free"),
        _("debt-free"),
        _(
            "Participants whose debt situation is known on the reference date (a debt inventory "
            "or a registered debt on or before it) and who have no debt registered on or "
            "before that date that is still open on it (not settled, or settled after it)."
        ),
        f"CASE WHEN ({DEBT_KNOWN}) AND open_debt.pid IS NULL THEN 1 ELSE 0 END",
        needs=frozenset({"open_debt", "any_debt"}),
        unknown_sql=f"CASE WHEN {DEBT_KNOWN} THEN 0 ELSE 1 END",
    ),
    Metric(
        "adequate_housing",
        _("Adequate housing"),
        _("adequate housing"),
        _(
            "Participants whose latest housing record on or before the reference date says "
            "the housing is adequate."
        ),
        "CASE WHEN housing.adequate = 1 THEN 1 ELSE 0 END",
        needs=frozenset({"housing"}),
        unknown_sql="CASE WHEN housing.pid IS NULL THEN 1 ELSE 0 END",
    ),
    Metric(
        "self_reliance_2_steps",
        _("Significant steps towards self-reliance"),
        _("2 steps towards self-reliance"),
        _(
            "Participants who gained at least 2 steps on the Bridge to Self-Sufficiency (sum "
            "over the five pillars, latest minus first measurement) or at least 2 rungs on the "
            "participation ladder."
        ),
        "CASE WHEN change.brug >= 2 OR change.ladder >= 2 THEN 1 ELSE 0 END",
        needs=frozenset({"change"}),
        unknown_sql="CASE WHEN COALESCE(change.brug_n, 0) < 2 AND COALESCE(change.ladder_n, 0) < 2 "
        "THEN 1 ELSE 0 END",
    ),
    Metric(
        "less_stress",
        _("Experiences less stress"),
        _("less stress"),
        _(
            "Participants whose latest PSS-10 stress score is lower than their first one "
            "(at least two measurements)."
        ),
        "CASE WHEN change.pss < 0 THEN 1 ELSE 0 END",
        needs=frozenset({"change"}),
        unknown_sql="CASE WHEN COALESCE(change.pss_n, 0) < 2 THEN 1 ELSE 0 END",
    ),
    Metric(
        "executive_functions_growth",
        _("Growth in executive functions"),
        _("stronger executive functions"),
        _(
            "Participants whose latest executive-skills total is higher than their first one "
            "(at least two measurements)."
        ),
        "CASE WHEN change.executive > 0 THEN 1 ELSE 0 END",
        needs=frozenset({"change"}),
        unknown_sql="CASE WHEN COALESCE(change.executive_n, 0) < 2 THEN 1 ELSE 0 END",
    ),
    Metric(
        "education_started_or_completed",
        _("Started and/or completed an education"),
        _("education started or completed"),
        _(
            "Participants with an education started or completed between their own start "
            "date and the reference date (both included)."
        ),
        "CASE WHEN edu.pid IS NOT NULL THEN 1 ELSE 0 END",
        needs=frozenset({"edu"}),
    ),
    Metric(
        "paid_work_within_2_years",
        _("Outflow to paid work within 2 years"),
        _("paid work within 2 years"),
        _(
            "Participants who started paid work (also with support) between their start date "
            "and two years after it, on or before the reference date. Internships and "
            "volunteering do not count."
        ),
        "CASE WHEN work.within = 1 THEN 1 ELSE 0 END",
        needs=frozenset({"work"}),
    ),
    Metric(
        "paid_work_after_2_years",
        _("Outflow to paid work after 2 years"),
        _("paid work after 2 years"),
        _(
            "Of the participants whose two-year date has passed: those who started paid work "
            "(also with support) between their start date and the reference date."
        ),
        "CASE WHEN pop.two_year <= %(D)s AND work.pid IS NOT NULL THEN 1 ELSE 0 END",
        "CASE WHEN pop.two_year <= %(D)s THEN 1 ELSE 0 END",
        needs=frozenset({"work"}),
    ),
]
METRICS_BY_CODE = {m.code: m for m in METRICS}
CODES = [m.code for m in METRICS]


# --- SQL --------------------------------------------------------------------------------------


def _table(label: str) -> str:
    return connection.ops.quote_name(apps.get_model(label)._meta.db_table)


def _plus_two_years(column: str) -> str:
    """SQL for `two_years_after(column)` on this database (29 February → 28 February)."""
    if connection.vendor == "postgresql":
        # PostgreSQL clamps to the end of the month: 2024-02-29 + 2 years = 2026-02-28.
        return f"CAST({column} + INTERVAL '2 years' AS date)"
    if connection.vendor == "sqlite":
        return (
            f"CASE WHEN strftime('%%m-%%d', {column}) = '02-29' "
            f"THEN date({column}, '-1 day', '+2 years') ELSE date({column}, '+2 years') END"
        )
    raise NotImplementedError(f"Outcome metrics do not support {connection.vendor}")


# Order keys: days since 1900-01-01 (< 2^16), then the row id (< 2^35), then a small payload.
ID_SPAN = 2**35  # ids below 34 billion; days below 2^16 (until 2079): 16 + 35 + 10 bits < 63
TOTAL_SPAN = 1024  # totals from -512 to 511
TOTAL_OFFSET = 512


def _days(column: str) -> str:
    """Whole days from 1900-01-01 to the date in `column` (an integer on both databases)."""
    if connection.vendor == "postgresql":
        return f"CAST({column} - DATE '1900-01-01' AS bigint)"
    return f"CAST(julianday({column}) - julianday('1900-01-01') AS INTEGER)"


def _literal_list(values: Iterable[str]) -> str:
    values = list(values)
    assert all(_SAFE_LITERAL.match(v) for v in values)
    return ", ".join(f"'{v}'" for v in values)


def _ctes(needs: set[str], where: str) -> list[str]:
    """The per-participant facts as of D, each one row per participant at most. Each joins the
    participant table with the selection's conditions itself (`where`, alias `p`) rather than
    the `pop` CTE, so the planner has real statistics and picks hash joins."""
    parts = []
    pop = f"{_table('cases.Participant')} p"
    if "open_debt" in needs:
        parts.append(
            f"""open_debt AS (
  SELECT DISTINCT d.participant_id AS pid
  FROM {_table("lifedomains.Debt")} d JOIN {pop} ON p.id = d.participant_id AND {where}
  WHERE d.registered_on <= %(D)s AND (d.settled_on IS NULL OR d.settled_on > %(D)s))"""
        )
    if "any_debt" in needs:
        parts.append(
            f"""any_debt AS (
  SELECT DISTINCT d.participant_id AS pid
  FROM {_table("lifedomains.Debt")} d JOIN {pop} ON p.id = d.participant_id AND {where}
  WHERE d.registered_on <= %(D)s)"""
        )
    if "housing" in needs:
        # The latest record on or before D (a later id wins on the same day): the maximum of
        # an order key that carries `adequate` in its lowest bit. One hash aggregate, no sort.
        key = f"({_days('h.date')} * {ID_SPAN} + h.id) * 2 + CASE WHEN h.adequate THEN 1 ELSE 0 END"
        parts.append(
            f"""housing AS (
  SELECT h.participant_id AS pid, MAX({key}) %% 2 AS adequate
  FROM {_table("lifedomains.HousingStatus")} h JOIN {pop} ON p.id = h.participant_id AND {where}
  WHERE h.date <= %(D)s
  GROUP BY h.participant_id)"""
        )
    if "change" in needs:
        # Baseline and latest per instrument: the minimum and maximum of an order key (date,
        # then id for two on one day) that carries the total in its lowest bits; with one
        # measurement they are the same row, so the change is 0 ("no change").
        days = _days("m.taken_on")
        key = f"(({days} * {ID_SPAN} + m.id) * {TOTAL_SPAN} + m.total + {TOTAL_OFFSET})"
        codes = _literal_list([BRUG, LADDER, PSS, EXECUTIVE])

        instruments = _table("instruments.Instrument")

        def ends(code: str, name: str) -> str:
            # An uncorrelated subquery is evaluated once per statement (no join per row).
            is_it = f"m.instrument_id = (SELECT id FROM {instruments} WHERE code = '{code}')"
            return (
                f"MIN(CASE WHEN {is_it} THEN {key} END) AS {name}_first, "
                f"MAX(CASE WHEN {is_it} THEN {key} END) AS {name}_last, "
                f"SUM(CASE WHEN {is_it} THEN 1 ELSE 0 END) AS {name}_n"
            )

        def delta(name: str) -> str:
            return f"({name}_last %% {TOTAL_SPAN}) - ({name}_first %% {TOTAL_SPAN})"  # %% = SQL %

        names = {BRUG: "brug", LADDER: "ladder", PSS: "pss", EXECUTIVE: "executive"}
        parts.append(
            f"""ms AS (
  SELECT m.participant_id AS pid, {", ".join(ends(c, n) for c, n in names.items())}
  FROM {_table("instruments.Measurement")} m
  WHERE m.participant_id IN (SELECT p.id FROM {pop} WHERE {where}) AND m.taken_on <= %(D)s
    AND m.instrument_id IN (SELECT id FROM {instruments} WHERE code IN ({codes}))
  GROUP BY m.participant_id)"""
        )
        parts.append(
            f"""change AS (
  SELECT pid, {", ".join(f"{delta(n)} AS {n}, {n}_n" for n in names.values())}
  FROM ms)"""
        )
    if "edu" in needs:
        parts.append(
            f"""edu AS (
  SELECT DISTINCT e.participant_id AS pid
  FROM {_table("lifedomains.Education")} e JOIN {pop} ON p.id = e.participant_id AND {where}
  WHERE (e.started_on >= p.start_date AND e.started_on <= %(D)s)
     OR (e.completed_on >= p.start_date AND e.completed_on <= %(D)s))"""
        )
    if "work" in needs:
        parts.append(
            f"""work AS (
  SELECT w.participant_id AS pid,
    MAX(CASE WHEN w.started_on <= {_plus_two_years("p.start_date")} THEN 1 ELSE 0 END) AS within
  FROM {_table("lifedomains.WorkPlacement")} w JOIN {pop} ON p.id = w.participant_id AND {where}
  WHERE w.kind IN ({_literal_list(PAID_KINDS)})
    AND w.started_on >= p.start_date AND w.started_on <= %(D)s
  GROUP BY w.participant_id)"""
        )
    return parts


def _flags_sql(selection: Selection, metrics: Sequence[Metric]) -> tuple[str, dict]:
    """`WITH pop AS (...), facts..., flags AS (...)`: one row per participant of `P` with a
    0/1 numerator (`n_<code>`), denominator (`d_<code>`) and unknown (`u_<code>`) column per
    metric."""
    params: dict = {"programme": selection.programme.pk}
    where = ["p.programme_id = %(programme)s", "p.start_date IS NOT NULL", "p.start_date <= %(D)s"]
    if selection.cohorts:
        names = [f"c{i}" for i in range(len(selection.cohorts))]
        params.update({n: c.pk for n, c in zip(names, selection.cohorts, strict=True)})
        where.append(f"p.cohort_id IN ({', '.join(f'%({n})s' for n in names)})")
    if selection.municipalities:
        names = [f"m{i}" for i in range(len(selection.municipalities))]
        params.update({n: m.pk for n, m in zip(names, selection.municipalities, strict=True)})
        where.append(f"p.municipality_id IN ({', '.join(f'%({n})s' for n in names)})")
    needs: set[str] = set().union(*(m.needs for m in metrics)) if metrics else set()
    pop = f"""pop AS (
  SELECT p.id AS id, p.ref AS ref, p.start_date AS start_date, p.cohort_id AS cohort_id,
    p.municipality_id AS municipality_id, p.debt_inventory_on AS debt_inventory_on,
    {_plus_two_years("p.start_date")} AS two_year
  FROM {_table("cases.Participant")} p
  WHERE {" AND ".join(where)})"""
    joins = {
        "open_debt": "LEFT JOIN open_debt ON open_debt.pid = pop.id",
        "any_debt": "LEFT JOIN any_debt ON any_debt.pid = pop.id",
        "housing": "LEFT JOIN housing ON housing.pid = pop.id",
        "change": "LEFT JOIN change ON change.pid = pop.id",
        "edu": "LEFT JOIN edu ON edu.pid = pop.id",
        "work": "LEFT JOIN work ON work.pid = pop.id",
    }
    columns = ["pop.id AS id", "pop.ref AS ref", "pop.cohort_id AS cohort_id"]
    columns.append("pop.municipality_id AS municipality_id")
    for m in metrics:
        columns.append(f"{m.numerator_sql} AS n_{m.code}")
        columns.append(f"{m.denominator_sql} AS d_{m.code}")
        # Unknown only counts a participant of the denominator.
        columns.append(
            f"CASE WHEN ({m.denominator_sql}) = 1 AND ({m.unknown_sql}) = 1 THEN 1 ELSE 0 END"
            f" AS u_{m.code}"
        )
    flags = f"""flags AS (
  SELECT {", ".join(columns)}
  FROM pop {" ".join(joins[n] for n in joins if n in needs)})"""
    sql = "WITH " + ",\n".join([pop, *_ctes(needs, " AND ".join(where)), flags])
    return sql, params


def _execute(sql: str, params: dict, as_of: datetime.date) -> list[tuple]:
    params = {**params, "D": as_of}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner's cost estimate for this statement is high enough to switch on JIT
            # compilation, which costs seconds and gains nothing for one pass over the data.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


def _metrics_for(codes: Iterable[str] | None) -> list[Metric]:
    if codes is None:
        return list(METRICS)
    wanted = set(codes)
    unknown = wanted - set(METRICS_BY_CODE)
    if unknown:
        raise ValueError(f"Unknown metric codes: {sorted(unknown)}")
    return [m for m in METRICS if m.code in wanted]


# --- Computing ----------------------------------------------------------------------------


@dataclass
class Figures:
    """The metrics of one selection on one day."""

    as_of: datetime.date
    selection: Selection
    population: int
    metrics: dict[str, MetricResult]
    population_refs: list[str] | None = None


def compute(
    selection: Selection, as_of: datetime.date, *, codes: Iterable[str] | None = None
) -> Figures:
    """All (or the named) metrics with the refs of numerator and denominator, in one query."""
    metrics = _metrics_for(codes)
    sql, params = _flags_sql(selection, metrics)
    columns = ", ".join(f"n_{m.code}, d_{m.code}, u_{m.code}" for m in metrics)
    sql += f"\nSELECT ref{', ' + columns if columns else ''} FROM flags"
    rows = _execute(sql, params, as_of)
    rows.sort(key=lambda row: row[0])
    results = {}
    for index, metric in enumerate(metrics):
        n_col, d_col, u_col = 1 + 3 * index, 2 + 3 * index, 3 + 3 * index
        numerator_refs = [row[0] for row in rows if row[n_col]]
        denominator_refs = [row[0] for row in rows if row[d_col]]
        unknown_refs = [row[0] for row in rows if row[u_col]]
        results[metric.code] = MetricResult(
            metric.code,
            len(numerator_refs),
            len(denominator_refs),
            numerator_refs,
            denominator_refs,
            len(unknown_refs),
            unknown_refs,
        )
    return Figures(as_of, selection, len(rows), results, [row[0] for row in rows])


@dataclass
class Cell:
    """Counts of one group (a cohort × municipality combination, or a sum of those)."""

    population: int = 0
    # code → (numerator, denominator, unknown)
    counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def add(self, other: Cell) -> None:
        self.population += other.population
        for code, (n, d, u) in other.counts.items():
            old_n, old_d, old_u = self.counts.get(code, (0, 0, 0))
            self.counts[code] = (old_n + n, old_d + d, old_u + u)

    def result(self, code: str) -> MetricResult:
        n, d, u = self.counts.get(code, (0, 0, 0))
        return MetricResult(code, n, d, unknown=u)


def grouped_counts(
    selection: Selection, as_of: datetime.date, *, codes: Iterable[str] | None = None
) -> dict[tuple[int | None, int], Cell]:
    """Counts per (cohort id, municipality id) in one aggregate query, no refs. Sums of these
    cells give the totals and the breakdowns by cohort and by municipality."""
    metrics = _metrics_for(codes)
    sql, params = _flags_sql(selection, metrics)
    sums = "".join(f", SUM(n_{m.code}), SUM(d_{m.code}), SUM(u_{m.code})" for m in metrics)
    sql += f"\nSELECT cohort_id, municipality_id, COUNT(*){sums} FROM flags"
    sql += " GROUP BY cohort_id, municipality_id"
    cells = {}
    for row in _execute(sql, params, as_of):
        cell = Cell(population=row[2])
        for index, metric in enumerate(metrics):
            cell.counts[metric.code] = (
                int(row[3 + 3 * index]),
                int(row[4 + 3 * index]),
                int(row[5 + 3 * index]),
            )
        cells[(row[0], row[1])] = cell
    return cells


def totals(
    selection: Selection, as_of: datetime.date, *, codes: Iterable[str] | None = None
) -> Cell:
    """The counts of the whole selection (no refs), from `grouped_counts`."""
    total = Cell(counts={m.code: (0, 0, 0) for m in _metrics_for(codes)})
    for cell in grouped_counts(selection, as_of, codes=codes).values():
        total.add(cell)
    return total


# --- The eight metrics as named functions -------------------------------------------------------


def debt_free(selection: Selection, as_of: datetime.date) -> MetricResult:
    """Debt-free: a participant of `P` whose debt situation is known on `D` (`debt_inventory_on`
    on or before `D`, or a debt registered on or before `D`) with no debt registered on or
    before `D` that is still open on `D` (open = no `settled_on`, or `settled_on` after `D`).
    A debt settled exactly on `D` is closed. Denominator `P`; unknown: no inventory and no
    debt on or before `D`."""
    return compute(selection, as_of, codes=["debt_free"]).metrics["debt_free"]


def adequate_housing(selection: Selection, as_of: datetime.date) -> MetricResult:
    """Adequate housing: a participant of `P` with a housing record on or before `D` whose
    latest such record (by date) says adequate. No record means not counted. Denominator `P`."""
    return compute(selection, as_of, codes=["adequate_housing"]).metrics["adequate_housing"]


def self_reliance_2_steps(selection: Selection, as_of: datetime.date) -> MetricResult:
    """Significant steps towards self-reliance: gained at least 2 steps on the `brug` (sum over
    the five pillars of latest − baseline, i.e. the change of the total) or at least 2 rungs on
    the `participatieladder` (latest − baseline). Denominator `P`."""
    code = "self_reliance_2_steps"
    return compute(selection, as_of, codes=[code]).metrics[code]


def less_stress(selection: Selection, as_of: datetime.date) -> MetricResult:
    """Experiences less stress: latest `pss-10` total strictly below the baseline total (needs
    two measurements on or before `D`). Denominator `P`."""
    return compute(selection, as_of, codes=["less_stress"]).metrics["less_stress"]


def executive_functions_growth(selection: Selection, as_of: datetime.date) -> MetricResult:
    """Growth in executive functions: latest `executive-skills` total strictly above the
    baseline total (needs two measurements on or before `D`). Denominator `P`."""
    code = "executive_functions_growth"
    return compute(selection, as_of, codes=[code]).metrics[code]


def education_started_or_completed(selection: Selection, as_of: datetime.date) -> MetricResult:
    """Started and/or completed an education: an education whose `started_on` or
    `completed_on` lies between her `start_date` and `D` (both inclusive). Denominator `P`."""
    code = "education_started_or_completed"
    return compute(selection, as_of, codes=[code]).metrics[code]


def paid_work_within_2_years(selection: Selection, as_of: datetime.date) -> MetricResult:
    """Outflow to paid work within 2 years: started work of kind `paid` or `paid_supported`
    between her `start_date` and two years after it (both inclusive), on or before `D`.
    Internships and volunteering are not paid work. Denominator `P`."""
    code = "paid_work_within_2_years"
    return compute(selection, as_of, codes=[code]).metrics[code]


def paid_work_after_2_years(selection: Selection, as_of: datetime.date) -> MetricResult:
    """Outflow to paid work after 2 years: started work of kind `paid` or `paid_supported`
    between her `start_date` and `D` (both inclusive). Denominator: the participants of `P`
    whose two-year date is on or before `D`."""
    code = "paid_work_after_2_years"
    return compute(selection, as_of, codes=[code]).metrics[code]


FUNCTIONS = {
    "debt_free": debt_free,
    "adequate_housing": adequate_housing,
    "self_reliance_2_steps": self_reliance_2_steps,
    "less_stress": less_stress,
    "executive_functions_growth": executive_functions_growth,
    "education_started_or_completed": education_started_or_completed,
    "paid_work_within_2_years": paid_work_within_2_years,
    "paid_work_after_2_years": paid_work_after_2_years,
}
