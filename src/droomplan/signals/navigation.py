from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import can_list_signals, can_manage_signal_routes
from droomplan.core.navigation import NavItem, register

register(NavItem(_("Signals"), "signals:list", can_list_signals))
register(NavItem(_("Signal routing"), "signals:routes", can_manage_signal_routes))
