from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import can_see_business_case
from droomplan.core.navigation import NavItem, register

register(NavItem(_("Business case"), "businesscase:report", can_see_business_case))
