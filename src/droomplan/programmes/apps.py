from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "droomplan.programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from . import home  # noqa: F401  (registers the home page sections)
