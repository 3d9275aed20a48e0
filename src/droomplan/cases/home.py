"""Home page sections of the case file: the coach's families, the programme lead's counts."""

from django.db.models import Count, Q

from droomplan.access.policy import can_list_cases, visible_participants
from droomplan.accounts.models import Role
from droomplan.audit.models import Action
from droomplan.audit.services import record_many
from droomplan.core.home import register

from .models import Status
from .selectors import caseload

HOME_LIMIT = 50


@register(Role.COACH, when=can_list_cases)
def coach_families(request) -> dict:
    families = list(caseload(request.user).coached_by(request.user)[:HOME_LIMIT])
    record_many(
        request=request,
        action=Action.LIST,
        object_type="case",
        participants=families,
        detail="home",
    )
    return {"families": families}


@register(Role.PROGRAMME_LEAD, when=can_list_cases)
def programme_lead_cases(request) -> dict:
    """Counts only (no names), so nothing to log."""
    counts = visible_participants(request.user).aggregate(
        intake=Count("pk", filter=Q(status=Status.INTAKE)),
        active=Count("pk", filter=Q(status=Status.ACTIVE)),
        ended=Count("pk", filter=Q(status=Status.ENDED)),
        waiting=Count("pk", filter=Q(on_waiting_list=True) & ~Q(status=Status.ENDED)),
    )
    return {"case_counts": counts}
