from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

# The modules an app may have to plug into shared pages (see docs/architecture.md).
REGISTRY_MODULES = ("navigation", "home", "sections")


class CoreConfig(AppConfig):
    name = "droomplan.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Every app's navigation items, home-page parts and case-page sections register
        # themselves when their module is imported.
        autodiscover_modules(*REGISTRY_MODULES)
        from . import checks  # noqa: F401  (registers the deployment checks)
