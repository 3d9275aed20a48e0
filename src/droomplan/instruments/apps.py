from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the measurement schedule of every family is computed from besides her own dates and
# measurements: the scheduled instruments and the programmes' baseline window and follow-up
# interval. A save or delete of either changes the data version
# (`dataversion.MEASUREMENT_SCHEDULE`), so the copy each process keeps
# (`selectors.schedule_settings`) never outlives them.
SCHEDULE_MODELS = ["instruments.Instrument", "programmes.Programme"]


class InstrumentsConfig(AppConfig):
    name = "droomplan.instruments"
    verbose_name = _("Instruments")

    def ready(self) -> None:
        from droomplan.core import dataversion

        dataversion.bump_on_change(dataversion.MEASUREMENT_SCHEDULE, SCHEDULE_MODELS)
