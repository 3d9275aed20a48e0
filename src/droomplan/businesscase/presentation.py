"""The business case as rows for the page, the PDF and the XLSX (one wording for all three)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .computation import COST_LINES, RETURN_LINES, SCENARIOS, Quantities, Row

SCENARIO_LABELS = {"low": _("Low"), "central": _("Central"), "high": _("High")}
COST_LABELS = {
    "coaching": _("Coaching time"),
    "meetings": _("Group meetings"),
    "partners": _("Partner contributions"),
    "spending": _("Direct spending on families"),
}
RETURN_LABELS = {
    "work": _("Benefit no longer paid (paid work)"),
    "debt": _("Avoided costs of problematic debts"),
    "housing": _("Avoided evictions (a stable home)"),
    "education": _("Education started or completed"),
}
LINE_LABELS = {**COST_LABELS, **RETURN_LABELS}
DEFINITIONS = {
    "coaching": _(
        "Minutes of her contact moments on or before the reference date (group contacts left "
        "out, a corrected moment replaced by its correction) ÷ 60 × overhead factor × hourly "
        "rate."
    ),
    "meetings": _(
        "Each group meeting on or before the reference date × cost per meeting, shared equally "
        "by the invited mothers; a meeting without invited mothers is shared by all."
    ),
    "partners": _(
        "Per organisation and year: euros + hours × hourly rate, for the part of the year up "
        "to the reference date, shared equally by all mothers who started."
    ),
    "spending": _("The families' spending ledgers, dated on or before the reference date."),
    "work": _(
        "Months in paid work (also with support) that started on or after her start date, up "
        "to the reference date, overlapping jobs once (days ÷ 30.44) × benefit per month."
    ),
    "debt": _(
        "For a mother debt-free on the reference date who had a debt settled since her start: "
        "years since her last settlement (days ÷ 365.25) × yearly cost of problematic debts."
    ),
    "housing": _(
        "A mother adequately housed on the reference date after an inadequate home, the move "
        "on or after her start date: once the cost of an eviction."
    ),
    "education": _(
        "A mother who started or completed an education between her start date and the "
        "reference date: once the value of an education (when one is set)."
    ),
    "net": _("Net = gross × (1 − deadweight %): what would have happened anyway is left out."),
    "per_euro": _("Net return per euro = total net returns ÷ total costs."),
    "scenarios": _(
        "Low is the cautious scenario: low values for returns, high ones for costs and "
        "deadweight; high is the reverse."
    ),
}


@dataclass
class Line:
    label: str
    values: list  # one per scenario: a number, or None (not valued)
    code: str = ""
    total: bool = False
    ratio: bool = False


def summary(row: Row) -> list[tuple[list[Line], str]]:
    """Costs, gross returns, net returns and the return per euro, low / central / high."""
    valued = [row.valued[s] for s in SCENARIOS]
    costs = [Line(str(COST_LABELS[c]), [v.costs[c] for v in valued], c) for c in COST_LINES]
    costs.append(Line(str(_("Total costs")), [v.total_costs for v in valued], total=True))
    gross = [Line(str(RETURN_LABELS[r]), [v.gross[r] for v in valued], r) for r in RETURN_LINES]
    gross.append(Line(str(_("Total gross returns")), [v.total_gross for v in valued], total=True))
    net = [Line(str(RETURN_LABELS[r]), [v.net[r] for v in valued], r) for r in RETURN_LINES]
    net.append(Line(str(_("Total net returns")), [v.total_net for v in valued], total=True))
    ratio = Line(
        str(_("Net return per euro")), [v.per_euro for v in valued], total=True, ratio=True
    )
    return [
        (costs, str(_("Costs"))),
        (gross, str(_("Returns before deadweight (gross)"))),
        (net, str(_("Returns after deadweight (net)"))),
        ([ratio], str(_("Return per euro"))),
    ]


def quantities(q: Quantities) -> list[tuple[str, str, float]]:
    """What the records say: (line, label, amount)."""
    return [
        ("coaching", str(_("Hours of logged contact")), round(q.coaching_minutes / 60, 1)),
        ("meetings", str(_("Group meetings")), round(q.meetings, 1)),
        ("partners", str(_("Partner hours")), round(q.partner_hours, 1)),
        ("partners", str(_("Partner euros")), round(q.partner_euros)),
        ("spending", str(_("Euros spent directly on families")), round(q.spending)),
        ("work", str(_("Months in paid work")), round(q.work_months, 1)),
        ("debt", str(_("Debt-free years after settling")), round(q.debt_years, 2)),
        ("debt", str(_("Euros of debt settled since the start")), round(q.debt_settled)),
        ("housing", str(_("Homes made stable")), round(q.housing, 1)),
        ("education", str(_("Educations started or completed")), round(q.education, 1)),
    ]


@dataclass
class CohortLine:
    code: str
    name: str
    population: object
    shown: bool
    central: object
    per_euro: list


def cohort_lines(rows: list[Row]) -> list[CohortLine]:
    return [
        CohortLine(
            r.code,
            r.name,
            r.population,
            r.shown,
            r.valued["central"],
            [r.valued[s].per_euro for s in SCENARIOS],
        )
        for r in rows
    ]


def definitions() -> list[tuple[str, str, str]]:
    labels = {**LINE_LABELS, "net": _("Net returns"), "per_euro": _("Net return per euro")}
    labels["scenarios"] = _("Low, central, high")
    return [(code, str(labels[code]), str(text)) for code, text in DEFINITIONS.items()]


def notes() -> list[tuple[str, str, str]]:
    """The definitions as the PDF's footnotes: the marker a line carries (its first letter,
    as in `<sup>`) for the cost and return lines, none for the general definitions."""
    return [
        (code[:1].upper() if code in LINE_LABELS else "", label, text)
        for code, label, text in definitions()
    ]


def context(case) -> dict:
    """What the page, the PDF and the XLSX show of a business case."""
    return {
        "summary": summary(case.total) if case.total.shown else [],
        "quantities": quantities(case.total.quantities) if case.total.shown else [],
        "cohort_rows": cohort_lines(case.cohorts),
        "municipality_rows": cohort_lines(case.municipalities),
        "scenario_labels": [str(SCENARIO_LABELS[s]) for s in SCENARIOS],
        "break_even": [(s, str(SCENARIO_LABELS[s]), case.break_even[s]) for s in SCENARIOS],
        "timeline": [
            (p.day, [(p.costs[s], p.returns[s]) for s in SCENARIOS]) for p in case.timeline
        ],
        "definitions": definitions(),
    }


def _date(day) -> str:
    return date_format(day, "DATE_FORMAT") if day else ""


def facts(mother, line: str) -> str:
    """The facts one line used for one mother, in words."""
    q = mother.own
    if line == "work":
        periods = ", ".join(f"{_date(b)} – {_date(e)}" for b, e in mother.work_periods)
        return gettext("%(months)s months in paid work (%(periods)s)") % {
            "months": number_format(q.work_months, 1),
            "periods": periods,
        }
    if line == "debt":
        text = gettext("%(amount)s euros settled since the start") % {
            "amount": number_format(q.debt_settled, 0, force_grouping=True)
        }
        if mother.debt_free_since:
            text += "; " + gettext("debt-free since %(day)s (%(years)s years)") % {
                "day": _date(mother.debt_free_since),
                "years": number_format(q.debt_years, 2),
            }
        return text
    if line == "housing":
        return gettext("adequate housing from %(day)s, after an inadequate home") % {
            "day": _date(mother.housed_on)
        }
    if line == "education":
        return gettext("education started or completed on %(day)s") % {
            "day": _date(mother.education_on)
        }
    if line == "coaching":
        return gettext("%(hours)s hours of logged contact") % {
            "hours": number_format(q.coaching_minutes / 60, 1)
        }
    if line == "meetings":
        return gettext("%(n)s meetings (her share)") % {"n": number_format(q.meetings, 2)}
    return gettext("%(amount)s euros spent on the family") % {
        "amount": number_format(q.spending, 2, force_grouping=True)
    }


def amount(mother, line: str) -> float | None:
    """Her own central value of the line (without her share of programme costs)."""
    valued = mother.own_valued
    if line in RETURN_LINES:
        return valued.net[line]
    return valued.costs[line]
