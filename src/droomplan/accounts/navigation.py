from django.utils.translation import gettext_lazy as _

from droomplan.access import policy
from droomplan.core.navigation import NavItem, register

register(
    NavItem(
        _("Organisations"), "accounts:organisation_list", policy.can_manage_organisations, order=20
    )
)
register(NavItem(_("Users"), "accounts:user_list", policy.can_manage_users, order=30))
register(NavItem(_("API tokens"), "accounts:token_list", policy.can_manage_api_tokens, order=35))
register(NavItem(_("Security log"), "accounts:security_log", policy.can_read_security_log))
