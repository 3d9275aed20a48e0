from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "droomplan.access"
    verbose_name = _("Access and consent")

    def ready(self) -> None:
        # Consents and the mother's rights on the case page, home pages and navigation.
        from . import home, rights_sections, sections  # noqa: F401
