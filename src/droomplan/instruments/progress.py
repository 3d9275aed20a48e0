"""Progress as pictures: chart specifications (plain data for json_script and for the table
alternative next to every chart) built from a participant's measurements. No database access
here: the caller passes the instruments and measurements it loaded."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .definitions import LADDER_RUNGS
from .models import Instrument, Measurement, translated
from .scoring import strengths_and_challenges

# Colours are never the only carrier of meaning: series also differ in point style and dash,
# every chart has a legend and a table, and bands are named in the table.
BAND_COLOURS = {"low": "#e3f1e6", "moderate": "#fdf1d6", "high": "#f9dcdc"}


@dataclass
class Chart:
    id: str
    kind: str  # line, bar, radar
    title: str
    labels: list[str]
    series: list[dict]  # {"label": str, "values": [int|None]}
    min: int
    max: int
    description: str = ""
    stepped: bool = False
    horizontal: bool = False
    bands: list[dict] = field(default_factory=list)
    tick_labels: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # text shown under the chart

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "labels": self.labels,
            "series": self.series,
            "min": self.min,
            "max": self.max,
            "stepped": self.stepped,
            "horizontal": self.horizontal,
            "bands": self.bands,
            "tickLabels": {str(k): v for k, v in self.tick_labels.items()},
        }

    @property
    def rows(self) -> list[tuple[str, list]]:
        """The table alternative: one row per label, one column per series."""
        return [
            (label, [s["values"][n] for s in self.series]) for n, label in enumerate(self.labels)
        ]


@dataclass
class SummaryRow:
    instrument: Instrument
    count: int
    baseline: Measurement
    latest: Measurement
    baseline_total: int | None
    latest_total: int | None

    @property
    def change(self) -> int | None:
        if self.count < 2 or self.baseline_total is None or self.latest_total is None:
            return None
        return self.latest_total - self.baseline_total

    @property
    def is_better(self) -> bool | None:
        """Better than at the start (None: not two measurements, or no change)."""
        change = self.change
        if not change:
            return None
        return change > 0 if self.instrument.higher_is_better else change < 0

    @property
    def verdict(self) -> str:
        change = self.change
        if change is None:
            return ""
        if change == 0:
            return _("the same")
        return _("better") if self.is_better else _("less good")


@dataclass
class Progress:
    charts: list[Chart]
    summary: list[SummaryRow]
    strengths: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)

    def charts_json(self) -> list[dict]:
        return [c.as_json() for c in self.charts]


def _day(measurement: Measurement) -> str:
    return date_format(measurement.taken_on, "SHORT_DATE_FORMAT")


def _visible_total(m: Measurement, items) -> int:
    """The total over the items the user may see (Bridge pillars of a partner)."""
    codes = {i.code for i in items}
    return sum(v for k, v in m.group_scores.items() if k in codes) if m.group_scores else m.total


def build(
    instruments: Iterable[Instrument], measurements: Iterable[Measurement], domains
) -> Progress:
    by_code: dict[str, list[Measurement]] = {}
    for m in sorted(measurements, key=lambda m: (m.taken_on, m.pk)):
        by_code.setdefault(m.instrument.code, []).append(m)
    charts: list[Chart] = []
    summary: list[SummaryRow] = []
    strengths: list[str] = []
    challenges: list[str] = []
    for instrument in instruments:
        found = by_code.get(instrument.code)
        if not found or not instrument.visible_to(domains):
            continue
        items = instrument.visible_items(domains)
        full = instrument.fully_visible_to(domains)
        baseline, latest = found[0], found[-1]
        if instrument.shows_total:
            if full:
                totals = (baseline.total, latest.total)
            elif instrument.groups:
                totals = (_visible_total(baseline, items), _visible_total(latest, items))
            else:
                totals = (None, None)
        else:
            totals = (None, None)
        summary.append(SummaryRow(instrument, len(found), baseline, latest, *totals))
        chart = _chart(instrument, found, items, full)
        if chart is not None:
            charts.append(chart)
        if instrument.code == "executive-skills" and latest.group_scores:
            high, low = strengths_and_challenges(latest.group_scores, 3)
            strengths = [instrument.group_label(g) for g in high]
            challenges = [instrument.group_label(g) for g in low]
    return Progress(charts, summary, strengths, challenges)


def _series_over_time(instrument, found, items) -> list[dict]:
    return [
        {
            "label": instrument.group_label(item.group) if item.group else item.display_label(),
            "values": [m.answers.get(item.code) for m in found],
        }
        for item in items
    ]


def _baseline_latest(instrument, found, groups: list[tuple[str, str]]) -> list[dict]:
    baseline, latest = found[0], found[-1]
    series = [
        {
            "label": _("Baseline %(date)s") % {"date": _day(baseline)},
            "values": [baseline.group_scores.get(code) for code, _label in groups],
        }
    ]
    if len(found) > 1:
        series.append(
            {
                "label": _("Latest %(date)s") % {"date": _day(latest)},
                "values": [latest.group_scores.get(code) for code, _label in groups],
            }
        )
    return series


def _chart(instrument: Instrument, found, items, full: bool) -> Chart | None:
    code = instrument.code
    name = instrument.display_name
    dates = [_day(m) for m in found]
    if code == "participatieladder":
        return Chart(
            id="chart-participatieladder",
            kind="line",
            title=_("Participation ladder over time"),
            labels=dates,
            series=[{"label": _("Rung"), "values": [m.total for m in found]}],
            min=1,
            max=6,
            tick_labels={k: translated(v) for k, v in LADDER_RUNGS.items()},
            description=_("The rung she stood on at each measurement (1 to 6)."),
        )
    if code == "pss-10":
        return Chart(
            id="chart-pss-10",
            kind="line",
            title=_("Stress (PSS-10) over time"),
            labels=dates,
            series=[{"label": _("Stress score"), "values": [m.total for m in found]}],
            min=0,
            max=40,
            bands=[
                {
                    "from": b["low"],
                    "to": b["high"],
                    "label": f"{b['low']}–{b['high']} {instrument.band_label(b['code'])}",
                    "colour": BAND_COLOURS.get(b["code"], "#eeeeee"),
                }
                for b in instrument.bands
            ],
            description=_("Lower is better: 0–13 low, 14–26 moderate, 27–40 high stress."),
            notes=[
                _("%(date)s: %(score)s, %(band)s")
                % {"date": _day(m), "score": m.total, "band": instrument.band_label(m.band)}
                for m in found
            ],
        )
    if code == "brug":
        return Chart(
            id="chart-brug",
            kind="bar",
            title=_("Bridge to Self-Sufficiency: steps per pillar"),
            labels=dates,
            series=_series_over_time(instrument, found, items),
            min=0,
            max=5,
            description=_("One step from 1 to 5 per pillar; higher is more self-reliant."),
        )
    visible_groups = []
    for item in items:
        if item.group and item.group not in [g for g, _label in visible_groups]:
            visible_groups.append((item.group, instrument.group_label(item.group)))
    if not visible_groups:
        return None
    group_min = {g: 0 for g, _label in visible_groups}
    group_max = {g: 0 for g, _label in visible_groups}
    # The answer range of the version her latest measurement was taken with (the executive
    # skills adapted for Mobility Mentoring answer 1-6, so a skill scores 3-18).
    ranges = {i.code: (i.min_value, i.max_value) for i in found[-1].definition().items}
    for item in items:
        if item.group:
            item_low, item_high = ranges.get(item.code, (item.min_value, item.max_value))
            group_min[item.group] += item_low
            group_max[item.group] += item_high
    low = min(group_min.values())
    high = max(group_max.values())
    # A spider web needs at least three spokes (a partner may see only one or two parts).
    few = len(visible_groups) < 3
    if not few and (
        code == "positieve-gezondheid" or (not instrument.shows_total and len(visible_groups) <= 8)
    ):
        kind, horizontal = "radar", False
    else:
        kind, horizontal = "bar", True
    title = {
        "executive-skills": _("Executive skills: baseline and latest"),
        "positieve-gezondheid": _("Positive Health: the spider web"),
    }.get(code, name)
    description = {
        "executive-skills": _("Score per skill, %(low)s to %(high)s; higher is stronger.")
        % {"low": low, "high": high},
        "positieve-gezondheid": _(
            "How she rates each dimension, 0 to 10. A conversation tool, not a result."
        ),
    }.get(code, _("Score per part, %(low)s to %(high)s.") % {"low": low, "high": high})
    return Chart(
        id=f"chart-{code}",
        kind=kind,
        title=title,
        labels=[label for _code, label in visible_groups],
        series=_baseline_latest(instrument, found, visible_groups),
        min=0 if horizontal else low,
        max=high,
        horizontal=horizontal,
        description=description,
    )
