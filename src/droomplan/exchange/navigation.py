from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import can_use_exchange
from droomplan.core.navigation import NavItem, register

register(NavItem(_("Import and export"), "exchange:upload", can_use_exchange))
