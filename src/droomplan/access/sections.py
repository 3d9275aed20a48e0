"""The consents on the case page (for the coach and the programme lead) and the mother's
privacy rights (who looked at this file, download everything; for the same people)."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from droomplan.core.sections import register

from . import selectors
from .models import Consent
from .policy import Verb, can
from .retention import keep_until


def consents_summary(request, participant, domains) -> str:
    """The organisations her consent covers today (one query)."""
    if not can(request.user, Verb.MANAGE_CONSENT, participant):
        return ""
    names = sorted(
        set(
            Consent.objects.valid_on(timezone.localdate())
            .filter(participant=participant)
            .values_list("organisation__name", flat=True)
        )
    )
    if not names:
        return format_html("{}", _("No valid consent: nothing is shared with partners."))
    return format_html(
        "{} {}", _("Shared with:"), format_html_join(", ", "{}", ((n,) for n in names))
    )


def rights_summary(request, participant, domains) -> str:
    if not can(request.user, Verb.MANAGE_RIGHTS, participant):
        return ""
    return format_html("{}", _("Who looked at this file, and all her data to download."))


@register(
    "consents",
    order=5,
    title=pgettext_lazy("case page part", "Consents"),
    summary=consents_summary,
)
def consents_section(request, participant, domains) -> str:
    if not can(request.user, Verb.MANAGE_CONSENT, participant):
        return ""
    consents = selectors.consents_of(participant)
    return render_to_string(
        "access/consents/case_section.html",
        {"participant": participant, "consents": consents},
        request=request,
    )


@register(
    "rights", order=90, title=pgettext_lazy("case page part", "Privacy"), summary=rights_summary
)
def rights_section(request, participant, domains) -> str:
    """Links only (no data of hers beyond the retention date), for her coach and the lead."""
    if not can(request.user, Verb.MANAGE_RIGHTS, participant):
        return ""
    return render_to_string(
        "access/rights/case_section.html",
        {"participant": participant, "keep_until": keep_until(participant)},
        request=request,
    )
