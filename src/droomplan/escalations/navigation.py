from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import can_open_escalation_queue
from droomplan.core.navigation import NavItem, register

register(NavItem(_("Escalations"), "escalations:queue", can_open_escalation_queue))
