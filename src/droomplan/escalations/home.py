"""Home page parts: the board's queue, the lead's escalations waiting for advice, the
coach's open escalations of her families."""

from django.utils import timezone

from droomplan.access.policy import can_open_escalation_queue
from droomplan.accounts.models import Role
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record_many
from droomplan.cases import selectors as case_selectors
from droomplan.core.home import register

from . import selectors

HOME_LIMIT = 10


def _log(request, items) -> None:
    record_many(
        request=request,
        action=AuditAction.LIST,
        object_type="escalation",
        participants=[e.participant for e in items],
        detail="home",
    )


@register(Role.BOARD, template="escalations/home/board.html", when=can_open_escalation_queue)
def board_queue(request) -> dict:
    items = selectors.home_queue(request.user, request=request)
    shown = items[:HOME_LIMIT]
    _log(request, shown)
    return {
        "escalation_queue": shown,
        "escalation_total": len(items),
        "escalation_overdue": sum(1 for e in items if e.is_overdue),
    }


@register(
    Role.PROGRAMME_LEAD,
    template="escalations/home/programme_lead.html",
    when=can_open_escalation_queue,
)
def lead_waiting(request) -> dict:
    items = selectors.waiting_for_advice(request.user, request=request)
    shown = items[:HOME_LIMIT]
    _log(request, shown)
    return {"escalations_for_advice": shown, "escalations_for_advice_total": len(items)}


@register(Role.COACH, template="escalations/home/coach.html", when=can_open_escalation_queue)
def coach_open(request) -> dict:
    """The waiting escalations of the families she coaches now (those her families section
    lists, read once per request), in the queue's order."""
    today = timezone.localdate()
    own = case_selectors.coach_home_families(request.user, today=today, request=request)
    items = selectors.open_of_families(
        request.user, [p.pk for p in own], today=today, limit=HOME_LIMIT
    )
    _log(request, items)
    return {"my_escalations": items}
