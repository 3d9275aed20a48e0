"""Who may see and do what with case data. The only place these rules live.

Every page, endpoint, export and search that shows a participant's data gets its participants
from `visible_participants(user)` and asks `can(user, verb, obj)` before acting. Later features
(consent for partners, the mother's portal) extend the rules here, not in views."""

from django.db.models import Q, QuerySet

from droomplan.accounts.models import Role
from droomplan.cases.models import Participant


class Verb:
    VIEW = "view"  # open the case file
    EDIT = "edit"  # change participant details, children, plan, contacts
    CREATE = "create"  # register a new participant (intake)
    ASSIGN_COACH = "assign_coach"
    CHANGE_STATUS = "change_status"
    OVERRIDE_ELIGIBILITY = "override_eligibility"
    LIST = "list"  # open the caseload (list and search of families)


def visible_participants(user) -> QuerySet[Participant]:
    """The participants whose case file this user may open (no anonymous, no admin)."""
    qs = Participant.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    roles = user.roles
    if Role.PROGRAMME_LEAD in roles:
        return qs
    conditions = Q(pk__in=[])
    if Role.COACH in roles:
        conditions |= Q(
            pk__in=Participant.objects.filter(
                coach_assignments__coach=user, coach_assignments__ended_on__isnull=True
            ).values("pk")
        )
    return qs.filter(conditions)


def can(user, verb: str, obj=None) -> bool:
    """May this user do `verb` to `obj` (a participant, or None for creating one)?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    roles = user.roles
    if verb in {Verb.CREATE, Verb.LIST}:
        return bool(roles & {Role.PROGRAMME_LEAD, Role.COACH})
    if verb in {Verb.ASSIGN_COACH, Verb.OVERRIDE_ELIGIBILITY}:
        return Role.PROGRAMME_LEAD in roles
    if obj is None:
        return False
    participant = obj if isinstance(obj, Participant) else obj.participant
    if Role.PROGRAMME_LEAD in roles:
        return True
    if Role.COACH in roles and _is_current_coach(user, participant):
        return verb in {Verb.VIEW, Verb.EDIT, Verb.CHANGE_STATUS}
    return False


def _is_current_coach(user, participant: Participant) -> bool:
    cached = getattr(participant, "current_coach_id", None)
    if cached is not None:
        return cached == user.pk
    return participant.coach_assignments.filter(coach=user, ended_on__isnull=True).exists()
