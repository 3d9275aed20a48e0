from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "droomplan.access"
    verbose_name = _("Access and consent")

    def ready(self) -> None:
        from . import home, sections  # noqa: F401  (consents on the case page and home pages)
