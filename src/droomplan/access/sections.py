"""The consents on the case page (for the coach and the programme lead)."""

from django.template.loader import render_to_string
from django.utils.translation import pgettext_lazy

from droomplan.cases.sections import register

from . import selectors
from .policy import Verb, can


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
