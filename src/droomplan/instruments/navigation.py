from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import can_manage_instruments
from droomplan.core.navigation import NavItem, register

register(NavItem(_("Instruments"), "instruments_manage:list", can_manage_instruments))
