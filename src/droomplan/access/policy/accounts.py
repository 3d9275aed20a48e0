"""Who may do what with people's accounts: the security log, role requests, two-step resets
(separation of duties). docs/security.md explains the rules; the views of `accounts` ask
these functions."""

from droomplan.core.roles import Role

from .base import is_active as _active

SECURITY_LOG_READERS = frozenset({Role.ADMIN, Role.PROGRAMME_LEAD})
# Roles the programme lead manages (she manages the coaches): she may approve a request for
# one of these; every other role request needs a second administrator.
ROLES_THE_LEAD_MANAGES = frozenset({Role.COACH})


def can_read_security_log(user) -> bool:
    return _active(user) and user.has_role(*SECURITY_LOG_READERS)


def can_see_role_requests(user) -> bool:
    """Open the page of role requests (and decide the ones `can_decide_role_change` allows)."""
    return _active(user) and user.has_role(Role.ADMIN, Role.PROGRAMME_LEAD)


def can_decide_role_change(user, change) -> bool:
    """Approve or reject a role someone asked for on her own account: never the one who asked
    or the one who gets it; another administrator, or the programme lead for the roles she
    manages."""
    if not _active(user) or user.pk in (change.requested_by_id, change.user_id):
        return False
    if Role.ADMIN in user.roles:
        return True
    return Role.PROGRAMME_LEAD in user.roles and change.role in ROLES_THE_LEAD_MANAGES


def can_reset_two_step(user, target) -> bool:
    """Reset someone else's two-step login (lost phone and recovery codes): administrators,
    never for their own account."""
    return _active(user) and Role.ADMIN in user.roles and user.pk != target.pk
