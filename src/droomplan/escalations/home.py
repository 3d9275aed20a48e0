"""Home page parts: the board's queue, the lead's escalations waiting for advice, the
coach's open escalations of her families."""

from droomplan.access.policy import can_open_escalation_queue, visible_participants
from droomplan.accounts.models import Role
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record_many
from droomplan.core.home import register

from . import selectors
from .models import EscalationStatus

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
    items = selectors.queue(request.user)
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
    items = selectors.waiting_for_advice(request.user)
    shown = items[:HOME_LIMIT]
    _log(request, shown)
    return {"escalations_for_advice": shown, "escalations_for_advice_total": len(items)}


@register(Role.COACH, template="escalations/home/coach.html", when=can_open_escalation_queue)
def coach_open(request) -> dict:
    items = [
        e
        for e in selectors.queue(request.user)
        if e.status in (EscalationStatus.OPEN, EscalationStatus.ADVISED)
    ]
    own = set(
        visible_participants(request.user).coached_by(request.user).values_list("pk", flat=True)
    )
    items = [e for e in items if e.participant_id in own][:HOME_LIMIT]
    _log(request, items)
    return {"my_escalations": items}
