from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifedomainsConfig(AppConfig):
    name = "droomplan.lifedomains"
    verbose_name = _("Life domains")

    def ready(self):
        from . import sections  # noqa: F401  (registers the life domains on the case page)
