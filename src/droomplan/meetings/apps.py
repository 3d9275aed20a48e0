from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "droomplan.meetings"
    verbose_name = _("Group meetings")

    def ready(self) -> None:
        from droomplan.accounts.models import Role
        from droomplan.core.navigation import NavItem, register

        from . import sections  # noqa: F401  (attendance on the case page)

        register(
            NavItem(
                _("Meetings"),
                "meetings:calendar",
                frozenset({Role.COACH, Role.PROGRAMME_LEAD, Role.PARTNER}),
            )
        )
