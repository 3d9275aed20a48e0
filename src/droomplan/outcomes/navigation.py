from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import can_see_outcomes
from droomplan.core.navigation import NavItem, register

register(NavItem(_("Results"), "outcomes:report", can_see_outcomes))
