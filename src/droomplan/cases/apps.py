from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "droomplan.cases"
    verbose_name = _("Case files")

    def ready(self) -> None:
        from . import home  # noqa: F401  (registers the home page sections)
