"""Home page sections of the case file: the coach's families, the programme lead's counts."""

from django.db.models import Count, Q
from django.utils import timezone

from droomplan.access.policy import can_list_cases, sees_every_case, visible_participants
from droomplan.accounts.models import Role
from droomplan.audit.models import Action
from droomplan.audit.services import record_many
from droomplan.core import dataversion
from droomplan.core.home import register

from .models import Status
from .selectors import coach_home_families

HOME_LIMIT = 50
COUNTS_CACHE_SECONDS = 3600


@register(Role.COACH, when=can_list_cases)
def coach_families(request) -> dict:
    """The first HOME_LIMIT families she coaches, as on her caseload (name, case number,
    group, status, overdue actions), from the read her "Today" list shares."""
    families = coach_home_families(request.user, today=timezone.localdate(), request=request)[
        :HOME_LIMIT
    ]
    record_many(
        request=request,
        action=Action.LIST,
        object_type="case",
        participants=families,
        detail="home",
    )
    return {"families": families}


def _status_counts(user) -> dict:
    return visible_participants(user).aggregate(
        intake=Count("pk", filter=Q(status=Status.INTAKE)),
        active=Count("pk", filter=Q(status=Status.ACTIVE)),
        ended=Count("pk", filter=Q(status=Status.ENDED)),
        waiting=Count("pk", filter=Q(on_waiting_list=True) & ~Q(status=Status.ENDED)),
    )


@register(Role.PROGRAMME_LEAD, when=can_list_cases)
def programme_lead_cases(request) -> dict:
    """Counts only (no names), so nothing to log. They read every family (20-30 ms at 100,000),
    so they are kept in the shared cache keyed by the data version (`core.dataversion`), like
    the outcome headlines: a status change (a save of the participant, or an import's bump)
    gives a new key, so the next view counts again. Every lead sees the same families and
    shares one entry; anyone else (not possible today) has her own."""
    user = request.user
    scope = "all" if sees_every_case(user) else f"user-{user.pk}"
    counts = dataversion.cached(
        "cases:lead-counts",
        scope,
        timezone.localdate().isoformat(),
        depends_on=(dataversion.CASELOADS,),
        compute=lambda: _status_counts(user),
        seconds=COUNTS_CACHE_SECONDS,
    )
    return {"case_counts": counts}
