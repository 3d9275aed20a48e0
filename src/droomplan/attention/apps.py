from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttentionConfig(AppConfig):
    name = "droomplan.attention"
    verbose_name = _("Attention: work lists and notifications")

    def ready(self) -> None:
        from droomplan.accounts import account_page
        from droomplan.core import navigation

        from . import home  # noqa: F401  (registers the "Today" work list on the home page)

        navigation.register_header_link(
            navigation.HeaderLink(_("Notifications"), "attention:list", "attention:badge")
        )
        account_page.register("attention/account_part.html")
