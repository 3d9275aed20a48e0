from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttentionConfig(AppConfig):
    name = "droomplan.attention"
    verbose_name = _("Attention: work lists and notifications")

    def ready(self) -> None:
        from droomplan.accounts import account_page
        from droomplan.core import events

        from .services import notify

        events.set_notifier(notify)
        account_page.register("attention/account_part.html")
