from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "droomplan.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from droomplan.accounts.models import Role
        from droomplan.core import navigation

        # Every app defines its jobs in `<app>/jobs.py`: load them all, so the worker knows
        # every job name and `run_periodic` every periodic job.
        autodiscover_modules("jobs")
        from . import home  # noqa: F401  (the administrator's home: failed jobs)

        navigation.register(
            navigation.NavItem(_("Background jobs"), "jobs:failed", frozenset({Role.ADMIN}))
        )
