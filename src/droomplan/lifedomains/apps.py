from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifedomainsConfig(AppConfig):
    name = "droomplan.lifedomains"
    verbose_name = _("Life domains")
