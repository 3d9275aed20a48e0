from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "droomplan.accounts"
    verbose_name = _("Organisations and people")

    def ready(self):
        from droomplan.core import navigation

        from . import receivers  # noqa: F401 (connects the security-log receivers)
        from .models import Role

        navigation.register(
            navigation.NavItem(
                _("Security log"),
                "accounts:security_log",
                frozenset({Role.ADMIN, Role.PROGRAMME_LEAD}),
            )
        )
