from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "droomplan.signals"
    verbose_name = _("Early signals")

    def ready(self) -> None:
        from droomplan.accounts.models import Role
        from droomplan.core.navigation import NavItem, register

        from . import home, sections  # noqa: F401  (register the home part and case section)

        register(
            NavItem(
                _("Signals"),
                "signals:list",
                frozenset({Role.MUNICIPAL_CONTACT, Role.PROGRAMME_LEAD}),
            )
        )
        register(NavItem(_("Signal routing"), "signals:routes", frozenset({Role.ADMIN})))
