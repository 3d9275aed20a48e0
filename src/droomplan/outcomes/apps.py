from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "droomplan.outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        from droomplan.accounts.models import Role
        from droomplan.core.navigation import NavItem, register

        from . import home  # noqa: F401  (registers the home page headlines)

        register(
            NavItem(
                _("Results"),
                "outcomes:report",
                frozenset({Role.PROGRAMME_LEAD, Role.BOARD, Role.ANALYST}),
            )
        )
