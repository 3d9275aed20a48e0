"""Who may use the mother's own portal ("Mijn Droomplan", `/mijn/`), and what she may see and
do there; and who may invite her.

A mother's login is a user with the role `participant` linked to exactly one case
(`cases.Participant.user`, a one-to-one field: one login per mother, one case per login,
enforced by the database). She never opens the staff pages of her case (`/deelnemers/...`
stays closed to her: `participants.visible_participants` does not list her own case); the
portal pages ask here instead. An anonymised case has no portal any more.

- `own_participant(user)`: her case, or None (one query, remembered on the user);
- `can_use_portal(user)`: the portal opens for her (the page predicate of every portal page);
- `lands_in_portal(user)`: after logging in she goes to the portal, not the staff home (a
  participant without a staff role);
- `is_own_case(user, obj)`: `obj` (her case, or something of it: a goal, an action, an
  invitation...) belongs to her own case;
- `can(user, verb, obj)`: what she may do with something of her own case in the portal;
- `can_tick_off(user, action)`, `can_add_to_goal(user, goal)`: her plan;
- `can_fill_in(user, instrument)`: a self-report questionnaire;
- `can_invite(user, participant)`: the coach or the programme lead may invite her, resend the
  invitation and block her login."""

from django.db.models import Q

from droomplan.core.roles import Role

from .base import Verb, model
from .base import is_active as _active
from .participants import participant_of, sees_whole_case

# What she may do with something of her own case: read it, and change what the portal offers
# (tick her action, add one, write a note, answer an invitation, fill in a questionnaire).
PORTAL_VERBS = frozenset({Verb.VIEW, Verb.EDIT, Verb.CREATE})

_UNSET = object()


def own_participant(user):
    """Her own case (a participant), or None: for an active user with the role participant
    whose login is linked to a case that is not anonymised. One query, remembered on the user
    object for the request."""
    if not _active(user) or Role.PARTICIPANT not in user.roles:
        return None
    cached = getattr(user, "_own_participant", _UNSET)
    if cached is _UNSET:
        cached = (
            model("cases.Participant")
            .objects.filter(user=user, anonymised_at__isnull=True)
            .select_related("programme")
            .first()
        )
        user._own_participant = cached
    return cached


def can_use_portal(user) -> bool:
    """The portal opens for her: a mother's login linked to her (not anonymised) case."""
    return own_participant(user) is not None


def lands_in_portal(user) -> bool:
    """After logging in she lands in the portal: a mother's login without any staff role."""
    return can_use_portal(user) and not user.is_staff_role


def is_own_case(user, obj) -> bool:
    """`obj` is her own case or belongs to it (a goal, an action, a meeting invitation...)."""
    own = own_participant(user)
    if own is None or obj is None:
        return False
    if obj._meta.label == "cases.Participant":
        return obj.pk == own.pk
    participant_id = getattr(obj, "participant_id", None)  # no query for a goal, a consent...
    if participant_id is None:
        participant_id = participant_of(obj).pk
    return participant_id == own.pk


def can(user, verb: str, obj=None) -> bool:
    """May she do `verb` with `obj` in her portal? Only with things of her own case, and only
    reading and the changes the portal offers."""
    if verb not in PORTAL_VERBS:
        return False
    if obj is None:
        return can_use_portal(user)
    return is_own_case(user, obj)


def can_tick_off(user, action) -> bool:
    """She may tick off an action of her own plan that is hers to do (owner: the mother) and
    still open; an action of her coach or a partner organisation is theirs to tick off."""
    return (
        action.owner == "mother"
        and action.done_on is None
        and own_participant(user) is not None
        and action.goal.participant_id == own_participant(user).pk
    )


def can_add_to_goal(user, goal) -> bool:
    """She may add an action of her own, or a note, to a goal of her own plan that is still
    being worked on."""
    return is_own_case(user, goal) and goal.status in {"open", "adjusted"}


def can_fill_in(user, instrument) -> bool:
    """She may fill in this questionnaire herself: a self-report instrument (PSS-10, Positieve
    Gezondheid) in use; never one only a professional administers (ZRM, participation ladder,
    Bridge). Whether it is due now is the schedule's answer (`instruments.selectors`)."""
    return (
        can_use_portal(user)
        and bool(getattr(instrument, "self_report", False))
        and instrument.active
    )


def own_filter(user, prefix: str = "") -> Q:
    """A filter for rows of her own case (`participant` reached through `prefix`), or nothing."""
    own = own_participant(user)
    if own is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}participant": own})


def can_invite(user, participant) -> bool:
    """Her coach or the programme lead may invite her to the portal, send the invitation again
    and block or unblock her login (not for an anonymised or ended case)."""
    if participant is None or participant.anonymised_at is not None:
        return False
    return _active(user) and sees_whole_case(user, participant)
