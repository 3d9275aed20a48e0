from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "droomplan.accounts"
    verbose_name = _("Organisations and people")

    def ready(self):
        from . import receivers  # noqa: F401 (connects the security-log receivers)
