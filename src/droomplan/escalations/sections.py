"""The family's escalations on the case page, with the button to escalate to the board.

An escalation belongs to the life domain of its goal: a user sees the escalations of the
domains she may see in this case."""

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from droomplan.access.policy import Verb, can, can_open_escalation_queue
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record
from droomplan.cases.models import Status
from droomplan.core.sections import register

from .selectors import counts_for, for_participant


def _visible(participant, domains) -> list:
    return [e for e in for_participant(participant) if e.goal is None or e.goal.domain in domains]


def _log(request, participant) -> None:
    record(
        request=request,
        action=AuditAction.VIEW,
        object_type="escalation",
        object_id=participant.pk,
        participant=participant,
        detail="case page",
    )


def escalations_summary(request, participant, domains) -> str:
    """How many escalations wait for the board, and how many are late (one query)."""
    if not domains:
        return ""
    counts = counts_for(participant, domains)
    if not counts.total:
        return ""
    _log(request, participant)
    text = ngettext(
        "%(count)d escalation, %(waiting)d waiting for the board",
        "%(count)d escalations, %(waiting)d waiting for the board",
        counts.total,
    ) % {"count": counts.total, "waiting": counts.waiting}
    if counts.late:
        return format_html('{} · <strong class="dp-overdue-text">{}</strong>', text, _("late"))
    return format_html("{}", text)


@register(
    "escalations",
    order=50,
    title=pgettext_lazy("case page part", "Escalations"),
    summary=escalations_summary,
)
def escalations_section(request, participant, domains) -> str:
    if not domains:
        return ""
    escalations = _visible(participant, domains)
    may_escalate = participant.status != Status.ENDED and can(request.user, Verb.EDIT, participant)
    if not escalations and not may_escalate:
        return ""
    if escalations:
        _log(request, participant)
    return render_to_string(
        "escalations/case_section.html",
        {
            "participant": participant,
            "escalations": escalations,
            "may_escalate": may_escalate,
            # A partner who sees this domain under consent reads the list, but the
            # escalation pages are for the coach, the programme lead and the board.
            "may_open": can_open_escalation_queue(request.user),
        },
        request=request,
    )
