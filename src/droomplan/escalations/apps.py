from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EscalationsConfig(AppConfig):
    name = "droomplan.escalations"
    verbose_name = _("Escalations")

    def ready(self) -> None:
        from droomplan.accounts.models import Role
        from droomplan.core.navigation import NavItem, register

        from . import home, sections  # noqa: F401  (case-page section, home partials)

        register(
            NavItem(
                _("Escalations"),
                "escalations:queue",
                frozenset({Role.BOARD, Role.PROGRAMME_LEAD}),
            )
        )
