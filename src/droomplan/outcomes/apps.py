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


def _changed(sender, **kwargs) -> None:
    from droomplan.core import dataversion

    dataversion.bump(dataversion.OUTCOME_FACTS)


class OutcomesConfig(AppConfig):
    name = "droomplan.outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        for label in FACT_MODELS:
            model = apps.get_model(label)
            post_save.connect(_changed, sender=model, dispatch_uid=f"outcomes-{label}")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"outcomes-{label}-del")
