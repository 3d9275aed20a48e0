"""The demo programme: South Limburg's municipalities and two groups of mothers."""

from droomplan.core.demo import register

from .models import Cohort, Municipality, Programme

PROGRAMME_CODE = "droommoeders"
COHORTS = [
    ("2024-1", "Groep 1 (2024)", "2024-03-01"),
    ("2025-1", "Groep 2 (2025)", "2025-02-01"),
]


@register(order=20)
def load(context) -> dict[str, int]:
    programme, _ = Programme.objects.update_or_create(
        code=PROGRAMME_CODE, defaults={"name": "Droommoeders Zuid-Limburg"}
    )
    programme.municipalities.set(Municipality.objects.all())
    for code, name, start in COHORTS:
        Cohort.objects.update_or_create(
            programme=programme, code=code, defaults={"name": name, "start_date": start}
        )
    context["programme"] = programme
    return {"cohorts": len(COHORTS)}
