from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import can_list_cases
from droomplan.core.navigation import NavItem, register

register(NavItem(_("Families"), "cases:caseload", can_list_cases, order=10))
