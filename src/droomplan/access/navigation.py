from django.utils.translation import gettext_lazy as _

from droomplan.core.navigation import NavItem, register

from .policy import can_export_research

register(NavItem(_("Research export"), "privacy:research_export", can_export_research))
