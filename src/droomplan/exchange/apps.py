from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "droomplan.exchange"
    verbose_name = _("Exchange")

    def ready(self) -> None:
        from droomplan.accounts.models import Role
        from droomplan.core import navigation

        navigation.register(
            navigation.NavItem(
                _("Import and export"), "exchange:upload", frozenset({Role.PROGRAMME_LEAD})
            )
        )
