"""The outcome report: the eight metrics of a selection on a day, the breakdowns by cohort and
by municipality, the quarterly trend, and small-cell suppression for readers outside the
programme.

Audience:
- *internal* (the programme lead, and the command line by default): real numbers everywhere
  and, where asked, the participant refs behind each figure.
- *external* (board, analysts, funders: `--external`): no refs or names, and every cell whose
  denominator is below `Programme.small_cell_threshold` is shown as "< 5". When exactly one
  cell of a breakdown column is hidden, the next smallest is hidden as well, so the hidden one
  cannot be worked out by subtracting the others from the total.

  An external report is always about the *whole programme* on the *end of a quarter that has
  passed* (`for_outside`, applied by `build` and `trend` themselves): readers outside the
  programme get fixed breakdowns (per cohort, per municipality), never a sub-selection or a day
  of their own choosing, so no two external reports can be subtracted to reveal a small cell
  (e.g. all minus Maastricht = the other municipality). See docs/outcomes.md."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from droomplan.cases.models import Participant
from droomplan.core import dataversion
from droomplan.programmes.models import Cohort, Municipality

from .metrics import (
    CODES,
    METRICS,
    Cell,
    Figures,
    Metric,
    MetricResult,
    Selection,
    compute,
    grouped_counts,
    percentage,
)

TREND_QUARTERS = 8  # at most this many quarterly points (the last two years)


def quarter_end_on_or_before(day: datetime.date) -> datetime.date:
    """31 March, 30 June, 30 September or 31 December: the last one on or before `day`."""
    first_month = (day.month - 1) // 3 * 3 + 1
    first_of_quarter = datetime.date(day.year, first_month, 1)
    next_quarter = (
        datetime.date(day.year + 1, 1, 1)
        if first_month == 10
        else datetime.date(day.year, first_month + 3, 1)
    )
    end = next_quarter - datetime.timedelta(days=1)
    return end if day == end else first_of_quarter - datetime.timedelta(days=1)


def published_as_of(requested: datetime.date, *, today: datetime.date | None = None):
    """The reference date of an external report: the end of the last quarter that has
    passed, on or before `requested` (a quarter ends after its last day)."""
    today = today or timezone.localdate()
    return quarter_end_on_or_before(min(requested, today - datetime.timedelta(days=1)))


def for_outside(
    selection: Selection, as_of: datetime.date, *, today: datetime.date | None = None
) -> tuple[Selection, datetime.date]:
    """What an external report may be about: the whole programme, on a published quarter end.
    Whatever was asked, every external report of a quarter is the same report."""
    return Selection(selection.programme), published_as_of(as_of, today=today)


@dataclass
class Value:
    """One figure as shown: counts and percentage, or hidden."""

    numerator: int
    denominator: int
    unknown: int = 0  # of the denominator: data missing ("niet gemeten")
    suppressed: bool = False  # denominator below the threshold: "< 5"
    hidden: bool = False  # hidden so a suppressed neighbour cannot be derived
    threshold: int = 5

    @property
    def percentage(self) -> float | None:
        return percentage(self.numerator, self.denominator)

    @property
    def shown(self) -> bool:
        return not (self.suppressed or self.hidden)

    @property
    def mask(self) -> str:
        if self.suppressed:
            return f"< {self.threshold}"
        if self.hidden:
            return "x"
        return ""

    def export(self) -> dict:
        """Numbers for files: the mask instead of numbers when not shown."""
        if not self.shown:
            return {
                "numerator": self.mask,
                "denominator": self.mask,
                "percentage": self.mask,
                "unknown": self.mask,
            }
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percentage": self.percentage,
            "unknown": self.unknown,
        }


@dataclass
class Group:
    """One row of a breakdown: a cohort or a municipality."""

    code: str
    name: str
    population: Value
    values: dict[str, Value]


@dataclass
class TrendPoint:
    as_of: datetime.date
    population: Value
    values: dict[str, Value]


@dataclass
class Report:
    selection: Selection
    as_of: datetime.date
    external: bool
    threshold: int
    population: Value
    values: dict[str, Value]
    by_cohort: list[Group] = field(default_factory=list)
    by_municipality: list[Group] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)
    figures: Figures | None = None  # with refs; internal reports only

    @property
    def metrics(self) -> list[Metric]:
        return METRICS

    def rows(self) -> list[tuple[Metric, Value]]:
        return [(m, self.values[m.code]) for m in METRICS]


def make_value(n: int, d: int, u: int = 0, *, external: bool, threshold: int) -> Value:
    return Value(n, d, u, suppressed=external and d < threshold, threshold=threshold)


def _values(cell: Cell, *, external: bool, threshold: int) -> tuple[Value, dict[str, Value]]:
    n = cell.population
    population = make_value(n, n, external=external, threshold=threshold)
    values = {
        code: make_value(*cell.counts.get(code, (0, 0, 0)), external=external, threshold=threshold)
        for code in CODES
    }
    return population, values


def protect_column(cells: list[Value]) -> None:
    """Complementary suppression of one breakdown column: if exactly one cell is suppressed,
    also hide the smallest shown cell, so the total minus the others does not reveal it. Also
    used by the business case (`businesscase.computation`) for its rows per cohort."""
    if sum(1 for c in cells if c.suppressed) == 1:
        shown = [c for c in cells if c.shown]
        if shown:
            min(shown, key=lambda c: c.denominator).hidden = True


def _protect(groups: list[Group]) -> None:
    """`protect_column` for every column of a breakdown."""
    columns = [lambda g: g.population] + [(lambda g, code=code: g.values[code]) for code in CODES]
    for column in columns:
        protect_column([column(g) for g in groups])


def _groups(cells, key_index: int, labels: dict, *, external: bool, threshold: int):
    merged: dict = {}
    for key, cell in cells.items():
        merged.setdefault(key[key_index], Cell()).add(cell)
    groups = []
    for key, cell in merged.items():
        code, name = labels.get(key, ("", pgettext("outcomes", "No group")))
        population, values = _values(cell, external=external, threshold=threshold)
        groups.append(Group(code, name, population, values))
    groups.sort(key=lambda g: (g.code == "", g.name))
    if external:
        _protect(groups)
    return groups


def quarter_ends(first: datetime.date, as_of: datetime.date) -> list[datetime.date]:
    """The quarter ends (31 March, 30 June, 30 September, 31 December) after `first` and before
    `as_of`, then `as_of` itself; at most TREND_QUARTERS points."""
    days = []
    year, quarter = first.year, (first.month - 1) // 3 + 1
    while True:
        month = quarter * 3
        end = (
            datetime.date(year, 12, 31)
            if month == 12
            else datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
        )
        if end >= as_of:
            break
        days.append(end)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    days.append(as_of)
    return days[-TREND_QUARTERS:]


TREND_CACHE_SECONDS = 600


def total_of(selection: Selection, day: datetime.date) -> Cell:
    """The counts of a whole selection on one day: the one computation behind every figure
    (cards, table, trend, downloads, home pages)."""
    total = Cell(counts=dict.fromkeys(CODES, (0, 0, 0)))
    for cell in grouped_counts(selection, day).values():
        total.add(cell)
    return total


def _cached_total(selection: Selection, day: datetime.date) -> Cell:
    """The counts of a past quarterly point. Past points of a large programme cost a query
    each, so they are cached, keyed by the data version: any write gives new keys."""
    return dataversion.cached(
        "outcomes:trend",
        selection.programme.pk,
        ",".join(str(c.pk) for c in selection.cohorts),
        ",".join(str(m.pk) for m in selection.municipalities),
        day.isoformat(),
        depends_on=(dataversion.OUTCOME_FACTS,),
        compute=lambda: total_of(selection, day),
        seconds=TREND_CACHE_SECONDS,
    )


REPORT_CACHE_SECONDS = 3600


def cached_grouped_counts(selection: Selection, day: datetime.date) -> dict:
    """`grouped_counts` from the shared cache, keyed by the data version like the home page's
    headlines (`home.headline_totals`): a write to any fact the figures read gives a new key,
    so the next view computes them again, and every worker shows the same figures. For the
    report page (the aggregate takes about a second at 100,000 participants); downloads and
    the command compute afresh."""
    return dataversion.cached(
        "outcomes:report",
        selection.programme.pk,
        ",".join(sorted(str(c.pk) for c in selection.cohorts)),
        ",".join(sorted(str(m.pk) for m in selection.municipalities)),
        day.isoformat(),
        depends_on=(dataversion.OUTCOME_FACTS,),
        compute=lambda: grouped_counts(selection, day),
        seconds=REPORT_CACHE_SECONDS,
    )


def trend(
    selection: Selection,
    as_of: datetime.date,
    *,
    external: bool,
    last: Cell | None = None,
) -> list[TrendPoint]:
    """Each figure at quarterly as-of dates: one aggregate query per point (at most eight).
    External: the whole programme up to the published quarter end (`for_outside`). The last
    point (`as_of` itself) is never cached: it is `last` when the caller computed the figures
    of that day already (the report's own headline), else computed now, the same way."""
    if external:
        selection, as_of = for_outside(selection, as_of)
    participants = Participant.objects.filter(
        programme=selection.programme, start_date__isnull=False, start_date__lte=as_of
    )
    if selection.cohorts:
        participants = participants.filter(cohort__in=selection.cohorts)
    if selection.municipalities:
        participants = participants.filter(municipality__in=selection.municipalities)
    first = participants.order_by("start_date").values_list("start_date", flat=True).first()
    if first is None:
        return []
    threshold = selection.programme.small_cell_threshold
    points = []
    for day in quarter_ends(first, as_of):
        if day == as_of:
            total = last if last is not None else total_of(selection, day)
        else:
            total = _cached_total(selection, day)
        population, values = _values(total, external=external, threshold=threshold)
        points.append(TrendPoint(day, population, values))
    return points


def build(
    selection: Selection,
    as_of: datetime.date,
    *,
    external: bool,
    with_refs: bool = False,
    breakdowns: bool = True,
    with_trend: bool = False,
    cached: bool = False,
) -> Report:
    """The report. Figures and breakdowns come from one grouped aggregate query; `with_refs`
    (internal only) adds one query for the participant refs; `with_trend` one per quarter.
    External: the whole programme on the published quarter end, whatever was asked
    (`for_outside`; `report.selection` and `report.as_of` say what was used). `cached`: the
    counts from the shared cache (`cached_grouped_counts`; the report page)."""
    if external and with_refs:
        raise ValueError("An external report never lists participants.")
    if external:
        selection, as_of = for_outside(selection, as_of)
    threshold = selection.programme.small_cell_threshold
    cells = cached_grouped_counts(selection, as_of) if cached else grouped_counts(selection, as_of)
    total = Cell(counts=dict.fromkeys(CODES, (0, 0, 0)))
    for cell in cells.values():
        total.add(cell)
    population, values = _values(total, external=external, threshold=threshold)
    report = Report(selection, as_of, external, threshold, population, values)
    if breakdowns:
        cohort_ids = {key[0] for key in cells if key[0] is not None}
        municipality_ids = {key[1] for key in cells}
        cohort_labels = {c.pk: (c.code, c.name) for c in Cohort.objects.filter(pk__in=cohort_ids)}
        municipality_labels = {
            m.pk: (m.cbs_code, m.name) for m in Municipality.objects.filter(pk__in=municipality_ids)
        }
        report.by_cohort = _groups(cells, 0, cohort_labels, external=external, threshold=threshold)
        report.by_municipality = _groups(
            cells, 1, municipality_labels, external=external, threshold=threshold
        )
    if with_refs:
        report.figures = compute(selection, as_of)
    if with_trend:
        # The trend's last point is the headline itself: one figure, one number.
        report.trend = trend(selection, as_of, external=external, last=total)
    return report


def as_json(figures: Figures) -> dict:
    """The JSON of the command: as_of, selection, population and every metric with its refs."""
    return {
        "as_of": figures.as_of.isoformat(),
        "selection": figures.selection.as_dict(),
        "population": figures.population,
        "metrics": {code: result.as_dict() for code, result in figures.metrics.items()},
    }


def metric_result(report: Report, code: str) -> MetricResult | None:
    if report.figures is None:
        return None
    return report.figures.metrics[code]


def audience_label(external: bool) -> str:
    if external:
        return _("For outside the programme: no names, small groups hidden")
    return _("For the programme's own staff: real numbers and case numbers")
