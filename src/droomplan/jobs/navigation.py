from django.utils.translation import gettext_lazy as _

from droomplan.core.navigation import NavItem, register

from .views import admin_only

register(NavItem(_("Background jobs"), "jobs:failed", admin_only.predicate))
