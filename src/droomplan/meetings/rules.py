"""Who may do what with group meetings. The meeting itself (date, place, theme) is not case
data; the names and attendance of the mothers are, and follow `access.policy`.

- Coaches and the programme lead see every meeting; a partner professional sees the meetings
  she facilitates and those her organisation arranges childcare for.
- Coaches and the programme lead plan meetings (a coach usually organises her group's).
- The programme lead, whoever planned the meeting and its facilitators change it, record the
  attendance and write the report."""

from django.db.models import Q, QuerySet

from droomplan.accounts.models import Role

from .models import GroupSession

SEE_ROLES = frozenset({Role.COACH, Role.PROGRAMME_LEAD, Role.PARTNER})
PLAN_ROLES = frozenset({Role.COACH, Role.PROGRAMME_LEAD})
FACILITATOR_ROLES = frozenset({Role.COACH, Role.PROGRAMME_LEAD, Role.PARTNER})


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def may_see_meetings(user) -> bool:
    return _active(user) and bool(user.roles & SEE_ROLES)


def may_plan(user) -> bool:
    return _active(user) and bool(user.roles & PLAN_ROLES)


def visible_sessions(user) -> QuerySet[GroupSession]:
    qs = GroupSession.objects.all()
    if not may_see_meetings(user):
        return qs.none()
    if user.roles & PLAN_ROLES:
        return qs
    organisations = [m.organisation_id for m in user.active_memberships() if m.organisation_id]
    return qs.filter(
        Q(pk__in=GroupSession.facilitators.through.objects.filter(user=user).values("groupsession"))
        | Q(childcare_organisation__in=organisations)
    )


def facilitator_ids(session: GroupSession) -> set[int]:
    cached = getattr(session, "_facilitator_ids", None)
    if cached is None:
        cached = {u.pk for u in session.facilitators.all()}
        session._facilitator_ids = cached
    return cached


def may_manage(user, session: GroupSession) -> bool:
    """Change the meeting, record attendance, write the report."""
    if not _active(user):
        return False
    if Role.PROGRAMME_LEAD in user.roles:
        return True
    if not user.roles & FACILITATOR_ROLES:
        return False
    return session.created_by_id == user.pk or user.pk in facilitator_ids(session)
