"""Her portal login on the case page (for her coach and the programme lead): its status, and
what she did in My Droomplan."""

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from droomplan.access.policy import portal as policy
from droomplan.core.sections import register

from . import selectors


def portal_summary(request, participant, domains) -> str:
    if not policy.can_invite(request.user, participant):
        return ""
    return format_html("{} {}", _("Her own login:"), selectors.login_of(participant).label)


@register(
    "portal",
    order=95,
    title=pgettext_lazy("case page part", "My Droomplan"),
    summary=portal_summary,
)
def portal_section(request, participant, domains) -> str:
    if not policy.can_invite(request.user, participant):
        return ""
    return render_to_string(
        "portal/case_section.html",
        {"participant": participant, "login": selectors.login_of(participant)},
        request=request,
    )
