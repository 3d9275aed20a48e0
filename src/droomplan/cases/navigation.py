from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import can_list_cases
from droomplan.core.navigation import HeaderSearch, NavItem, register, register_header_search

register(NavItem(_("Families"), "cases:caseload", can_list_cases, order=10))
register_header_search(HeaderSearch(_("Find a family"), "cases:caseload", can_list_cases))
