"""The unit values of the business case ("assumptions as data"): what each one means, its unit
and the shipped default with its public source.

A programme lead confirms or changes a value by saving a new version (`models.Assumption`,
dated `valid_from`); until then the report uses the default below and says so. A default
without a source found is empty (None): the report then says the line is not valued, rather
than inventing a number. See docs/business-case.md for every source and how the low / central
/ high values were chosen."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

#: The day the shipped defaults are "valid from" (before any programme started).
DEFAULTS_VALID_FROM = datetime.date(2000, 1, 1)


class Kind:
    COST = "cost"  # a higher value makes the programme more expensive
    BENEFIT = "benefit"  # a higher value makes a return larger
    DEADWEIGHT = "deadweight"  # a percentage of a return that would have happened anyway
    FACTOR = "factor"  # the overhead factor: multiplies logged coaching time (a cost)


class Unit:
    EURO_PER_HOUR = "eur_per_hour"
    FACTOR = "factor"
    EURO_PER_MEETING = "eur_per_meeting"
    EURO_PER_MONTH = "eur_per_month"
    EURO_PER_HOUSEHOLD_YEAR = "eur_per_household_year"
    EURO_PER_CASE = "eur_per_case"
    EURO_PER_EDUCATION = "eur_per_education"
    PERCENT = "percent"


UNIT_LABELS = {
    Unit.EURO_PER_HOUR: _("€ per hour"),
    Unit.FACTOR: _("factor (1 = only logged time)"),
    Unit.EURO_PER_MEETING: _("€ per meeting"),
    Unit.EURO_PER_MONTH: _("€ per month"),
    Unit.EURO_PER_HOUSEHOLD_YEAR: _("€ per household per year"),
    Unit.EURO_PER_CASE: _("€ per avoided eviction"),
    Unit.EURO_PER_EDUCATION: _("€ per education"),
    Unit.PERCENT: _("%"),
}


@dataclass(frozen=True)
class Definition:
    code: str
    label: str
    kind: str
    unit: str
    help: str
    low: Decimal | None = None
    central: Decimal | None = None
    high: Decimal | None = None
    source: str = ""
    source_url: str = ""

    @property
    def unit_label(self) -> str:
        return str(UNIT_LABELS[self.unit])

    @property
    def is_percent(self) -> bool:
        return self.unit == Unit.PERCENT


def D(value: str | None) -> Decimal | None:  # noqa: N802 (short on purpose: a table of numbers)
    return None if value is None else Decimal(value)


NO_SOURCE = _(
    "No public source found that fits this programme; enter the programme's own value. "
    "Until then this line is not valued."
)

DEFINITIONS: list[Definition] = [
    Definition(
        "hourly_rate",
        _("Hourly rate of a coach"),
        Kind.COST,
        Unit.EURO_PER_HOUR,
        _(
            "The full cost of one hour of a coach (salary, employer costs, overhead of the "
            "organisation). Also used to value partner hours."
        ),
        source=NO_SOURCE,
    ),
    Definition(
        "overhead_factor",
        _("Factor for time not logged"),
        Kind.FACTOR,
        Unit.FACTOR,
        _(
            "Logged contact time × this factor = the coaching time paid for (travel, "
            "preparation, consultation, reports). 1.5 means: for every logged hour, half an "
            "hour more that is not in the contact log."
        ),
        source=NO_SOURCE,
    ),
    Definition(
        "meeting_cost",
        _("Cost per group meeting"),
        Kind.COST,
        Unit.EURO_PER_MEETING,
        _("Room, facilitators, childcare, food and travel of one group meeting."),
        source=NO_SOURCE,
    ),
    Definition(
        "benefit_per_month",
        _("Benefit no longer paid, per month in paid work"),
        Kind.BENEFIT,
        Unit.EURO_PER_MONTH,
        _(
            "Net social assistance (Participatiewet) of a single parent aged 21 or older, per "
            "month. Low: half of it (part-time work, a partial benefit remains); high: with "
            "holiday allowance."
        ),
        low=D("654.23"),
        central=D("1308.45"),
        high=D("1377.32"),
        source=(
            "Normbedragen Participatiewet per 1 juli 2024 (ministerie van SZW, gepubliceerd "
            "door de gemeenten), alleenstaande (ouder) 21 jaar tot AOW-leeftijd: € 1.308,45 "
            "netto per maand zonder vakantietoeslag, € 1.377,32 met."
        ),
        source_url="https://velsen.nl/bijstandsnormen-per-1-juli-2024",
    ),
    Definition(
        "debt_cost_per_year",
        _("Yearly cost to society of a household with problematic debts"),
        Kind.BENEFIT,
        Unit.EURO_PER_HOUSEHOLD_YEAR,
        _(
            "Avoided for every year a mother is debt-free after her debts were settled. "
            "Central: € 8.5 billion a year for 730,000 households; low half of it, high one "
            "and a half times (the study calls its figure a clear underestimate)."
        ),
        low=D("5800"),
        central=D("11600"),
        high=D("17400"),
        source=(
            "Interdepartementaal Beleidsonderzoek (IBO) Problematische schulden, 'Naar een "
            "beter werkende schuldenketen' (2024); kosten berekend door Panteia, Hogeschool "
            "Utrecht en Nibud: ten minste € 8,5 miljard per jaar, 730.000 huishoudens."
        ),
        source_url=(
            "https://www.rijksoverheid.nl/actueel/nieuws/2024/06/27/"
            "hoge-maatschappelijke-kosten-van-schulden-vragen-om-stevige-aanpak"
        ),
    ),
    Definition(
        "eviction_cost",
        _("Cost of an eviction"),
        Kind.BENEFIT,
        Unit.EURO_PER_CASE,
        _(
            "Avoided once when a mother moves from inadequate to adequate housing. The "
            "direct costs of an eviction only; shelter and the costs for the children are "
            "not included, so this is a conservative value."
        ),
        low=D("5000"),
        central=D("7500"),
        high=D("10000"),
        source=(
            "Stichting Eropaf!, Quickscan versterken preventie huisuitzettingen (2014): de "
            "gemiddelde kosten van een huisuitzetting liggen tussen € 5.000 en € 10.000."
        ),
        source_url="https://eropaf.nl/index.php/2014/10/30/quickscan-versterken-preventie-huisuitzettingen/",
    ),
    Definition(
        "education_value",
        _("Value of an education started or completed"),
        Kind.BENEFIT,
        Unit.EURO_PER_EDUCATION,
        _("Optional. Without a value, educations are counted but not valued."),
        source=NO_SOURCE,
    ),
    Definition(
        "deadweight_work",
        _("Deadweight: paid work"),
        Kind.DEADWEIGHT,
        Unit.PERCENT,
        _("The share of the months in paid work that would have happened without the programme."),
        source=NO_SOURCE,
    ),
    Definition(
        "deadweight_debt",
        _("Deadweight: debts"),
        Kind.DEADWEIGHT,
        Unit.PERCENT,
        _("The share of the debt-free years that would have happened without the programme."),
        source=NO_SOURCE,
    ),
    Definition(
        "deadweight_housing",
        _("Deadweight: housing"),
        Kind.DEADWEIGHT,
        Unit.PERCENT,
        _("The share of the moves to adequate housing that would have happened anyway."),
        source=NO_SOURCE,
    ),
    Definition(
        "deadweight_education",
        _("Deadweight: education"),
        Kind.DEADWEIGHT,
        Unit.PERCENT,
        _("The share of the educations that would have been started anyway."),
        source=NO_SOURCE,
    ),
]
BY_CODE = {d.code: d for d in DEFINITIONS}
CODES = [d.code for d in DEFINITIONS]
