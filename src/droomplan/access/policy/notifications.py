"""Who may be told what: nobody is told about a family, a signal or an escalation she may not
see. Also who gets which kind of notification (the choices on her preferences page) and which
work lists ("Today" on her home page) she gets."""

from droomplan.core.events import Kind
from droomplan.core.roles import Role

from .base import Verb, has_any_role, is_active, kind_of
from .participants import can

# The roles that can get each kind of notification (`attention.kinds` keeps the text and the
# default delivery; a test checks that both name the same kinds).
KIND_RECIPIENTS: dict[str, frozenset[str]] = {
    Kind.SIGNAL_RECEIVED: frozenset({Role.MUNICIPAL_CONTACT, Role.PROGRAMME_LEAD}),
    Kind.SIGNAL_DEADLINE: frozenset({Role.MUNICIPAL_CONTACT, Role.PROGRAMME_LEAD}),
    Kind.HANDOVER: frozenset({Role.COACH}),
    Kind.ESCALATION_OPENED: frozenset({Role.PROGRAMME_LEAD}),
    Kind.ESCALATION_WAITING: frozenset({Role.BOARD}),
    Kind.ESCALATION_ADVISED: frozenset({Role.COACH}),
    Kind.ESCALATION_DECIDED: frozenset({Role.COACH}),
    Kind.ACTION_ASSIGNED: frozenset({Role.PARTNER}),
    Kind.CONSENT_WITHDRAWN: frozenset({Role.COACH}),
    Kind.CONSENT_EXPIRING: frozenset({Role.COACH}),
    Kind.PORTAL_ACTIVITY: frozenset({Role.COACH}),
    Kind.MEETING_INVITATION: frozenset({Role.PARTICIPANT}),
    Kind.MEETING_REMINDER: frozenset({Role.PARTICIPANT}),
}

# The roles that have a work list, in the order the lists show (`attention.worklist` builds
# one list per role; a test checks that it builds exactly these).
WORK_LIST_ROLES: tuple[str, ...] = (
    Role.COACH,
    Role.PARTNER,
    Role.MUNICIPAL_CONTACT,
    Role.PROGRAMME_LEAD,
    Role.BOARD,
)


def can_get_kind(user, kind: str) -> bool:
    """Can notifications of `kind` come to her (so she chooses how she hears of them)?"""
    return has_any_role(user, KIND_RECIPIENTS.get(kind, frozenset()))


def work_lists_for(user) -> list[str]:
    """The roles whose work list she gets, in the order they show (none for a user who is
    not active)."""
    if not is_active(user):
        return []
    return [role for role in WORK_LIST_ROLES if role in user.roles]


def may_be_told(user, *, participant=None, about=None, domain=None) -> bool:
    """May `user` be told that something happened to `about` (a signal, an escalation) or
    to `participant`'s case (in life domain `domain`)? The mother herself may be told about
    her own file; anyone else as far as she may see it."""
    if not is_active(user):
        return False
    if about is not None and about._meta.label_lower in (
        "signals.signal",
        "escalations.escalation",
    ):
        return kind_of(about).visible(user).filter(pk=about.pk).exists()
    if participant is None:
        return about is None
    if participant.user_id is not None and participant.user_id == user.pk:
        return True
    return can(user, Verb.VIEW, participant, domain=domain)
