from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "droomplan.plans"
    verbose_name = _("Family plans")

    def ready(self):
        from . import sections  # noqa: F401  (registers the plan on the case page)
