from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "droomplan.instruments"
    verbose_name = _("Instruments")

    def ready(self):
        from droomplan.accounts.models import Role
        from droomplan.core import navigation

        from . import sections  # noqa: F401  (registers the measurements on the case page)

        navigation.register(
            navigation.NavItem(_("Instruments"), "instruments_manage:list", frozenset({Role.ADMIN}))
        )
