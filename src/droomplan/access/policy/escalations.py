"""Who may see and do what with escalations. The board reads the coach's summary of an
escalation, never the case file; the coach sees the escalations of her own families."""

from django.db.models import QuerySet

from droomplan.core.roles import Role

from .base import Kind, Verb, has_any_role, model, register_kind
from .base import is_active as _active
from .participants import visible_participants

ESCALATION = "escalations.Escalation"
SUMMARY_ROLES = frozenset({Role.BOARD, Role.PROGRAMME_LEAD})
QUEUE_ROLES = SUMMARY_ROLES | {Role.COACH}


def visible_escalations(user) -> QuerySet:
    """The escalations whose summary this user may read: every one for the board and the
    programme lead; those of her own families for a coach; none for anyone else."""
    qs = model(ESCALATION).objects.all()
    if not _active(user):
        return qs.none()
    if user.roles & SUMMARY_ROLES:
        return qs
    if Role.COACH in user.roles:
        return qs.filter(participant__in=visible_participants(user))
    return qs.none()


def can(user, verb: str, escalation=None) -> bool:
    """- LIST: the queue (board, programme lead, coaches: each sees what is visible to her);
    - VIEW an escalation: when it is visible to her;
    - ADVISE: the programme lead; DECIDE: the board;
    - VIEW_FIGURES: the figures (board, programme lead).
    Opening and withdrawing one are edits of her case (`participants.can(user, EDIT, ...)`)."""
    if not _active(user):
        return False
    if verb == Verb.LIST:
        return has_any_role(user, QUEUE_ROLES)
    if verb == Verb.VIEW_FIGURES:
        return has_any_role(user, SUMMARY_ROLES)
    if verb in (Verb.ADVISE, Verb.DECIDE):
        return (Role.PROGRAMME_LEAD if verb == Verb.ADVISE else Role.BOARD) in user.roles
    if verb == Verb.VIEW and escalation is not None:
        return visible_escalations(user).filter(pk=escalation.pk).exists()
    return False


def can_open_escalation_queue(user) -> bool:
    return can(user, Verb.LIST)


def can_see_escalation_figures(user) -> bool:
    return can(user, Verb.VIEW_FIGURES)


KIND = register_kind(
    Kind(
        label=ESCALATION,
        object_type="escalation",
        visible=visible_escalations,
        can=can,
        may_open=can_open_escalation_queue,
        participant_of=lambda escalation: escalation.participant,
        link_hidden=True,
    )
)
