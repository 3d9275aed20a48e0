from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The models whose rows the outcome figures read: a save or delete of any of them changes the
# data version of `dataversion.OUTCOME_FACTS`, so no cached figure outlives the data it was
# computed from.
FACT_MODELS = [
    "cases.Participant",
    "lifedomains.Debt",
    "lifedomains.HousingStatus",
    "lifedomains.Education",
    "lifedomains.WorkPlacement",
    "instruments.Measurement",
]


class OutcomesConfig(AppConfig):
    name = "droomplan.outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        from droomplan.core import dataversion

        dataversion.bump_on_change(dataversion.OUTCOME_FACTS, FACT_MODELS)
