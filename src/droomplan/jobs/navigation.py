from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import can_see_jobs
from droomplan.core.navigation import NavItem, register

register(NavItem(_("Background jobs"), "jobs:failed", can_see_jobs))
