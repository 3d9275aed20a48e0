"""Who may see and do what with group meetings. The meeting itself (date, place, theme) is not
case data; the names and attendance of the mothers are, and follow `participants`.

- Coaches and the programme lead see every meeting; a partner professional sees the meetings
  she facilitates and those her organisation arranges childcare for.
- Coaches and the programme lead plan meetings (a coach usually organises her group's) and
  see a group's attendance.
- The programme lead, whoever planned the meeting and its facilitators change it, record the
  attendance and write the report."""

from django.db.models import Q, QuerySet

from droomplan.core.roles import Role

from .base import Kind, Verb, has_any_role, model, register_kind
from .base import is_active as _active
from .participants import visible_participants
from .staff import FACILITATOR_ROLES

MEETING = "meetings.GroupSession"
SEE_ROLES = frozenset({Role.COACH, Role.PROGRAMME_LEAD, Role.PARTNER})
PLAN_ROLES = frozenset({Role.COACH, Role.PROGRAMME_LEAD})


def can_see_meetings(user) -> bool:
    return has_any_role(user, SEE_ROLES)


def visible_sessions(user) -> QuerySet:
    sessions = model(MEETING)
    qs = sessions.objects.all()
    if not can_see_meetings(user):
        return qs.none()
    if user.roles & PLAN_ROLES:
        return qs
    organisations = [m.organisation_id for m in user.active_memberships() if m.organisation_id]
    return qs.filter(
        Q(pk__in=sessions.facilitators.through.objects.filter(user=user).values("groupsession"))
        | Q(childcare_organisation__in=organisations)
    )


def facilitator_ids(session) -> set[int]:
    cached = getattr(session, "_facilitator_ids", None)
    if cached is None:
        cached = {u.pk for u in session.facilitators.all()}
        session._facilitator_ids = cached
    return cached


def can(user, verb: str, session=None) -> bool:
    """- VIEW: the calendar (without `session`), a meeting visible to her (with it);
    - VIEW_ALL: every meeting and a group's attendance; CREATE: plan a meeting (coaches and
      the programme lead);
    - EDIT a meeting: change it, record attendance, write the report (the programme lead,
      whoever planned it, its facilitators)."""
    if not _active(user):
        return False
    if verb == Verb.VIEW:
        if session is None:
            return can_see_meetings(user)
        return visible_sessions(user).filter(pk=session.pk).exists()
    if verb in (Verb.VIEW_ALL, Verb.CREATE):
        return has_any_role(user, PLAN_ROLES)
    if verb == Verb.EDIT and session is not None:
        if Role.PROGRAMME_LEAD in user.roles:
            return True
        if not user.roles & FACILITATOR_ROLES:
            return False
        return session.created_by_id == user.pk or user.pk in facilitator_ids(session)
    return False


def can_plan_meetings(user) -> bool:
    return can(user, Verb.CREATE)


def can_see_every_meeting(user) -> bool:
    """Every meeting, and a group's attendance page."""
    return can(user, Verb.VIEW_ALL)


def usually_facilitates(user) -> bool:
    """Coaches and partner professionals run the meetings they plan (the form suggests them
    as facilitator); the programme lead plans for others."""
    return has_any_role(user, {Role.COACH, Role.PARTNER})


def feed_filter(user) -> Q | None:
    """Which of the visible meetings go in this user's own calendar feed: None for all of
    them (the programme lead), otherwise those she facilitates or planned and (a coach) those
    her families are invited to."""
    if Role.PROGRAMME_LEAD in user.roles:
        return None
    mine = Q(facilitators=user) | Q(created_by=user)
    if Role.COACH in user.roles:
        mine |= Q(attendances__participant__in=visible_participants(user))
    return mine


KIND = register_kind(
    Kind(
        label=MEETING,
        object_type="meeting",
        visible=visible_sessions,
        can=can,
        may_open=can_see_meetings,
    )
)
