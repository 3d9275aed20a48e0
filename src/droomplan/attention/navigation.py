from django.utils.translation import gettext_lazy as _

from droomplan.core.navigation import HeaderLink, register_header_link

register_header_link(HeaderLink(_("Notifications"), "attention:list", "attention:badge"))
