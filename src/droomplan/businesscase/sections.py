"""On the case page: a link to the family's spending ledger (finances). The card reads nothing
(the ledger page does, and logs it), so the case page costs no extra query."""

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from droomplan.core.domains import LifeDomain
from droomplan.core.sections import register


def spending_summary(request, participant, domains) -> str:
    if LifeDomain.FINANCES not in domains:
        return ""
    return format_html("{}", _("What the programme spent directly on this family."))


@register(
    "spending",
    order=35,
    title=pgettext_lazy("case page part", "Programme spending"),
    summary=spending_summary,
)
def spending_section(request, participant, domains) -> str:
    if LifeDomain.FINANCES not in domains:
        return ""
    return render_to_string(
        "businesscase/case_section.html", {"participant": participant}, request=request
    )
