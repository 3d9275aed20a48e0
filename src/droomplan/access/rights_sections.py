"""Where the mother's rights show up elsewhere: a section on the case page (who looked at
this file, download everything) and the export on the analyst's home page."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from droomplan.accounts.models import Role
from droomplan.cases.sections import register
from droomplan.core import home, navigation

from .policy import Verb, can
from .rights import keep_until


@register("rights", order=90, title=pgettext_lazy("case page part", "Privacy"))
def rights_section(request, participant, domains) -> str:
    """Links only (no data of hers beyond the retention date), for her coach and the lead."""
    if not can(request.user, Verb.MANAGE_RIGHTS, participant):
        return ""
    return render_to_string(
        "access/rights/case_section.html",
        {"participant": participant, "keep_until": keep_until(participant)},
        request=request,
    )


@home.register(Role.ANALYST, template="access/rights/home/analyst.html")
def analyst_research(request) -> dict:
    return {}


navigation.register(
    navigation.NavItem(_("Research export"), "privacy:research_export", frozenset({Role.ANALYST}))
)
