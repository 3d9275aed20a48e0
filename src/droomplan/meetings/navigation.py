from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import can_see_meetings
from droomplan.core.navigation import NavItem, register

register(NavItem(_("Meetings"), "meetings:calendar", can_see_meetings))
