from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "droomplan.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Every app defines its jobs in `<app>/jobs.py`: load them all, so the worker knows
        # every job name and `run_periodic` every periodic job.
        autodiscover_modules("jobs")

        # Lower layers (access) queue jobs through this port (see core/background.py).
        from droomplan.core import background

        from . import enqueue

        background.install(enqueue)
