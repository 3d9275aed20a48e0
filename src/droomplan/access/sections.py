"""The consents on the case page (for the coach and the programme lead) and the mother's
privacy rights (who looked at this file, download everything; for the same people)."""

from django.template.loader import render_to_string
from django.utils.translation import pgettext_lazy

from droomplan.core.sections import register

from . import selectors
from .policy import Verb, can
from .retention import keep_until


@register("consents", order=5, title=pgettext_lazy("case page part", "Consents"))
def consents_section(request, participant, domains) -> str:
    if not can(request.user, Verb.MANAGE_CONSENT, participant):
        return ""
    consents = selectors.consents_of(participant)
    return render_to_string(
        "access/consents/case_section.html",
        {"participant": participant, "consents": consents},
        request=request,
    )


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
