from droomplan.accounts.models import Role
from droomplan.core.home import register

from .selectors import caseload


@register(Role.COACH)
def coach_families(request) -> dict:
    families = list(
        caseload(request.user).filter(
            coach_assignments__coach=request.user, coach_assignments__ended_on__isnull=True
        )[:50]
    )
    return {"families": families}
