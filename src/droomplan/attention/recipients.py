"""Who is told: small helpers for the callers of `notify`. `notify` itself checks each
recipient against `access` again, so a helper that returns too many people tells no one
about a family she may not see."""

from django.db.models import QuerySet

from droomplan.accounts.models import Role, User


def _active_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def with_role(role: str) -> QuerySet[User]:
    """Active people holding `role` in an active organisation."""
    return (
        _active_users()
        .filter(memberships__role=role, memberships__organisation__is_active=True)
        .distinct()
    )


def programme_leads() -> QuerySet[User]:
    return with_role(Role.PROGRAMME_LEAD)


def board_members() -> QuerySet[User]:
    return with_role(Role.BOARD)


def current_coaches(participant) -> QuerySet[User]:
    """Her coach now (one, or none during a gap)."""
    return (
        _active_users()
        .filter(
            coach_assignments__participant=participant, coach_assignments__ended_on__isnull=True
        )
        .distinct()
    )


def partners_of(organisation) -> QuerySet[User]:
    """The partner professionals of `organisation`."""
    if organisation is None:
        return User.objects.none()
    return (
        _active_users()
        .filter(
            memberships__role=Role.PARTNER,
            memberships__organisation=organisation,
            memberships__organisation__is_active=True,
        )
        .distinct()
    )


def mother_of(participant) -> QuerySet[User]:
    """The mother's own login (for her portal), if she has one."""
    if participant.user_id is None:
        return User.objects.none()
    return _active_users().filter(pk=participant.user_id)


def email_address(user) -> str:
    """Where her e-mail goes: her login's address, for a mother without one the address in
    her file."""
    if user.email:
        return user.email
    participant = getattr(user, "participant", None) if user.has_role(Role.PARTICIPANT) else None
    return getattr(participant, "email", "") or ""
