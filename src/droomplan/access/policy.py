"""Who may see and do what with case data. The only place these rules live.

Every page, endpoint, export and search that shows a participant's data gets its participants
from `visible_participants(user)` and asks `can(user, verb, obj)` before acting. Later features
(consent for partners, the mother's portal) extend the rules here, not in views."""

from django.db.models import Q, QuerySet

from droomplan.accounts.models import Role
from droomplan.cases.models import Participant
from droomplan.core.domains import LifeDomain

ALL_DOMAINS: frozenset[str] = frozenset(LifeDomain.values)


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


def visible_domains(user, participant: Participant) -> frozenset[str]:
    """The life domains of this participant's case the user may see: every domain for the
    programme lead and her current coach; for a partner, the scopes of her organisation's
    valid consents (issue 4); none for anyone else. Sections of the case page, exports and
    searches show a domain's goals, actions, trackers and measurements only when it is here."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    if Role.PROGRAMME_LEAD in user.roles:
        return ALL_DOMAINS
    if Role.COACH in user.roles and _is_current_coach(user, participant):
        return ALL_DOMAINS
    return frozenset()


def can(user, verb: str, obj=None, *, domain: str | None = None) -> bool:
    """May this user do `verb` to `obj` (a participant, or something of hers, or None for
    creating one)? With `domain`, the question is about the part of the case in that life
    domain (a debt is `finances`): a partner may work there under consent (issue 4)."""
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
