"""Demo inputs of the business case: the lead's assumptions (the shipped sources confirmed, the
programme's own values for what has no public source), partner contributions per year, and a
small spending ledger per family. Plausible, not real figures: the sources say "demo"."""

import datetime
import random
from decimal import Decimal

from droomplan.core.demo import register

from . import services
from .assumptions import BY_CODE
from .models import Assumption, PartnerContribution, Purpose, Spending

DEMO_SOURCE = "Demo: begroting Droommoeders (voorbeeldwaarden, geen echte cijfers)"
OWN_VALUES = {
    # code: (low, central, high, source)
    "hourly_rate": ("70", "82", "95", DEMO_SOURCE + ", integraal uurtarief coach"),
    "overhead_factor": ("1.3", "1.5", "1.8", DEMO_SOURCE + ", tijdschrijven 2024"),
    "meeting_cost": ("250", "350", "450", DEMO_SOURCE + ", zaalhuur, opvang, eten"),
    "deadweight_work": ("20", "30", "40", "Demo: schatting van de projectgroep"),
    "deadweight_debt": ("20", "30", "40", "Demo: schatting van de projectgroep"),
    "deadweight_housing": ("10", "20", "30", "Demo: schatting van de projectgroep"),
    "deadweight_education": ("20", "30", "40", "Demo: schatting van de projectgroep"),
}
CONFIRMED = ["benefit_per_month", "debt_cost_per_year", "eviction_cost"]
SPENDING = [
    (Purpose.DREAM_BUDGET, "250", "Droombudget: rijlessen"),
    (Purpose.DREAM_BUDGET, "400", "Droombudget: laptop voor de opleiding"),
    (Purpose.COURSE_FEE, "185", "Cursusgeld Nederlands op B1"),
    (Purpose.CHILDCARE, "120", "Kinderopvang tijdens sollicitatiegesprekken"),
    (Purpose.TRAVEL, "45", "Buskaart naar de opleiding"),
]


@register(order=65)
def load(context) -> dict[str, int]:
    programme = context["programme"]
    if Assumption.objects.filter(programme=programme).exists():
        return {}
    lead = context["users"]["projectleider"]
    today = context["today"]
    families = list(context.get("families", []))
    starts = [p.start_date for p in families if p.start_date]
    first = min(starts) if starts else today
    valid_from = datetime.date(first.year, 1, 1)
    for code, (low, central, high, source) in OWN_VALUES.items():
        services.save_assumption(
            actor=lead,
            programme=programme,
            code=code,
            low=Decimal(low),
            central=Decimal(central),
            high=Decimal(high),
            valid_from=valid_from,
            source=source,
            note="Demo",
        )
    for code in CONFIRMED:
        definition = BY_CODE[code]
        services.save_assumption(
            actor=lead,
            programme=programme,
            code=code,
            low=definition.low,
            central=definition.central,
            high=definition.high,
            valid_from=valid_from,
            source=str(definition.source),
            source_url=definition.source_url,
            note="Bron bevestigd",
        )
    organisations = context["organisations"]
    count = 0
    for year in range(first.year, today.year + 1):
        for code, hours, euros in (("kredietbank", "120", None), ("mik", None, "5000")):
            organisation = organisations.get(code)
            if (
                organisation is None
                or PartnerContribution.objects.filter(
                    programme=programme, organisation=organisation, year=year
                ).exists()
            ):
                continue
            services.create_contribution(
                actor=lead,
                programme=programme,
                organisation=organisation,
                year=year,
                hours=Decimal(hours) if hours else None,
                euros=Decimal(euros) if euros else None,
                note="Demo",
            )
            count += 1
    rng = random.Random(2026)  # noqa: S311 (demo data)
    spent = 0
    for participant in families:
        if not participant.start_date or Spending.objects.filter(participant=participant).exists():
            continue
        days = (today - participant.start_date).days
        for purpose, amount, description in rng.sample(SPENDING, rng.randint(1, 3)):
            day = participant.start_date + datetime.timedelta(days=rng.randint(0, max(days, 0)))
            services.create_spending(
                actor=lead,
                participant=participant,
                date=min(day, today),
                amount=Decimal(amount),
                purpose=purpose,
                description=description,
            )
            spent += 1
    return {
        "assumptions": len(OWN_VALUES) + len(CONFIRMED),
        "contributions": count,
        "spending": spent,
    }
