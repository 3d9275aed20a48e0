from django.utils.translation import gettext_lazy as _

from droomplan.core.navigation import NavItem, register

from .views import programme_managers

register(
    NavItem(_("Programme"), "programmes:programme_list", programme_managers.predicate, order=40)
)
