from django.utils.translation import gettext_lazy as _

from droomplan.access import policy
from droomplan.core.navigation import NavItem, register

from .manage_views import admin_only

register(NavItem(_("Organisations"), "accounts:organisation_list", admin_only.predicate, order=20))
register(NavItem(_("Users"), "accounts:user_list", admin_only.predicate, order=30))
register(NavItem(_("API tokens"), "accounts:token_list", admin_only.predicate, order=35))
register(NavItem(_("Security log"), "accounts:security_log", policy.can_read_security_log))
