from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttentionConfig(AppConfig):
    name = "droomplan.attention"
    verbose_name = _("Attention: work lists and notifications")

    def ready(self) -> None:
        from droomplan.accounts import account_page

        account_page.register("attention/account_part.html")
