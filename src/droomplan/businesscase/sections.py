"""On the case page: a link to the family's spending ledger (finances). The card reads nothing
(the ledger page does, and logs it), so the case page costs no extra query."""

from django.template.loader import render_to_string
from django.utils.translation import pgettext_lazy

from droomplan.core.domains import LifeDomain
from droomplan.core.sections import register


@register("spending", order=35, title=pgettext_lazy("case page part", "Programme spending"))
def spending_section(request, participant, domains) -> str:
    if LifeDomain.FINANCES not in domains:
        return ""
    return render_to_string(
        "businesscase/case_section.html", {"participant": participant}, request=request
    )
