"""Who may see and do what with early signals. A signal is not a participant's file until it
leads to an intake; the coach reads the signal behind a family she coaches now."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from droomplan.core.roles import Role

from .base import Kind, Verb, has_any_role, model, register_kind
from .base import is_active as _active

SIGNAL = "signals.Signal"
LIST_ROLES = frozenset({Role.PROGRAMME_LEAD, Role.MUNICIPAL_CONTACT})
PHONE_ROLES = frozenset({Role.PROGRAMME_LEAD, Role.MUNICIPAL_CONTACT, Role.COACH})
ROUTE_ROLES = frozenset({Role.PROGRAMME_LEAD, Role.ADMIN})


def visible_signals(user) -> QuerySet:
    """The signals this user may open. Programme lead: all. Municipal contact: the signals of
    the municipalities routed to her, and the ones assigned to her. Coach: the signals behind
    the families she coaches now. Everyone else: none."""
    qs = model(SIGNAL).objects.all()
    if not _active(user):
        return qs.none()
    roles = user.roles
    if Role.PROGRAMME_LEAD in roles:
        return qs
    conditions = Q(pk__in=[])
    if Role.MUNICIPAL_CONTACT in roles:
        routed = model("signals.SignalRoute").objects.filter(
            contact=user, programme=OuterRef("programme"), municipality=OuterRef("municipality")
        )
        conditions |= Q(assigned_to=user) | Q(Exists(routed))
    if Role.COACH in roles:
        coached = (
            model("cases.CoachAssignment")
            .objects.current()
            .filter(participant=OuterRef("participant"), coach=user)
        )
        conditions |= Q(participant__isnull=False) & Q(Exists(coached))
    return qs.filter(conditions)


def can(user, verb: str, signal=None) -> bool:
    """- LIST: the signal list (programme lead, municipal contacts);
    - CREATE: register a signal heard by phone (also coaches);
    - MANAGE: the routing of signals per municipality (programme lead, admin);
    - VIEW a signal: when it is visible to her;
    - TRIAGE a signal: the programme lead, and the municipal contact who sees it (not the
      coach: she only reads the signal behind her family)."""
    if not _active(user):
        return False
    if signal is None:
        roles = {Verb.LIST: LIST_ROLES, Verb.CREATE: PHONE_ROLES, Verb.MANAGE: ROUTE_ROLES}
        return verb in roles and has_any_role(user, roles[verb])
    if verb == Verb.VIEW:
        return visible_signals(user).filter(pk=signal.pk).exists()
    if verb == Verb.TRIAGE:
        if Role.PROGRAMME_LEAD in user.roles:
            return True
        if Role.MUNICIPAL_CONTACT in user.roles:
            return visible_signals(user).filter(pk=signal.pk).exists()
    return False


def can_triage_signal(user, signal) -> bool:
    return can(user, Verb.TRIAGE, signal)


def can_list_signals(user) -> bool:
    return can(user, Verb.LIST)


def can_register_signal_by_phone(user) -> bool:
    return can(user, Verb.CREATE)


def can_manage_signal_routes(user) -> bool:
    return can(user, Verb.MANAGE)


KIND = register_kind(
    Kind(
        label=SIGNAL,
        object_type="signal",
        visible=visible_signals,
        can=can,
        participant_of=lambda signal: signal.participant,
    )
)
