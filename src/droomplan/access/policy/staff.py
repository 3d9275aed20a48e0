"""Who may take on a task: be a family's coach, receive signals, facilitate a meeting, be told
about an event (the programme leads, the board, her coach, a partner organisation's people,
the mother herself). The people chosen in forms and told by services come from these
querysets, and services check the same predicates."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from droomplan.core.roles import STAFF_ROLES, Role

from .base import has_any_role

FACILITATOR_ROLES = frozenset({Role.COACH, Role.PROGRAMME_LEAD, Role.PARTNER})


def _holding(roles) -> Q:
    """Active users with one of `roles` in an active organisation."""
    return Q(
        is_active=True,
        memberships__role__in=sorted(roles),
        memberships__organisation__is_active=True,
    )


def can_coach(user) -> bool:
    """May be chosen as a family's coach."""
    return has_any_role(user, {Role.COACH})


def people_holding(*roles: str) -> QuerySet:
    """Active people with one of `roles` in an active organisation, by name."""
    return (
        get_user_model()
        .objects.filter(_holding(roles))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def coaches() -> QuerySet:
    return people_holding(Role.COACH)


def can_receive_signals(user) -> bool:
    """May be the contact person for the signals of a municipality."""
    return has_any_role(user, {Role.MUNICIPAL_CONTACT})


def signal_contacts() -> QuerySet:
    return people_holding(Role.MUNICIPAL_CONTACT)


def programme_leads() -> QuerySet:
    """The programme leads, first registered first (who receives what nobody else does)."""
    return (
        get_user_model().objects.filter(_holding({Role.PROGRAMME_LEAD})).distinct().order_by("pk")
    )


def board_members() -> QuerySet:
    return people_holding(Role.BOARD)


def staff_members() -> QuerySet:
    """Everyone who works with the families (every role but the mother's), by name: who may
    carry out the action of a board decision."""
    return people_holding(*STAFF_ROLES)


def current_coaches(participant) -> QuerySet:
    """Her coach now (one, or none during a gap), if active."""
    return get_user_model().objects.filter(
        pk__in=participant.coach_assignments.current().values("coach_id"), is_active=True
    )


def partners_of(organisation) -> QuerySet:
    """The partner professionals of `organisation` (while it is active): people, not the
    accounts of its systems' application tokens (docs/api.md), which are not told anything."""
    if organisation is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(_holding({Role.PARTNER}))
        .filter(memberships__organisation=organisation, application_token__isnull=True)
        .distinct()
    )


def mother_of(participant) -> QuerySet:
    """The mother's own login (for her portal), if she has one."""
    if participant.user_id is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(pk=participant.user_id, is_active=True)


def is_mother(user) -> bool:
    """A participant's own login (her portal)."""
    return has_any_role(user, {Role.PARTICIPANT})


def can_facilitate(user) -> bool:
    """May facilitate a group meeting."""
    return has_any_role(user, FACILITATOR_ROLES)


def facilitators() -> Q:
    """The filter for users who may facilitate (the form adds the current facilitators)."""
    return _holding(FACILITATOR_ROLES)
