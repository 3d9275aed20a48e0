from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import can_manage_programmes
from droomplan.core.navigation import NavItem, register

register(NavItem(_("Programme"), "programmes:programme_list", can_manage_programmes, order=40))
