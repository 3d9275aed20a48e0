"""Who may use the management pages of the lower layers: organisations, users and API tokens
(`accounts`), programmes, municipalities and cohorts (`programmes`), and the background jobs
that failed (`jobs`). Their views, menu items and home parts ask these predicates
(`access.decorators.allowed_if`), like every other page."""

from droomplan.core.roles import Role

from .base import has_any_role

ACCOUNT_MANAGERS = frozenset({Role.ADMIN})
PROGRAMME_MANAGERS = frozenset({Role.ADMIN, Role.PROGRAMME_LEAD})
JOB_WATCHERS = frozenset({Role.ADMIN})


def can_manage_organisations(user) -> bool:
    """Add and change the partner organisations (the functional administrator)."""
    return has_any_role(user, ACCOUNT_MANAGERS)


def can_manage_users(user) -> bool:
    """Add and change users and their roles (the functional administrator)."""
    return has_any_role(user, ACCOUNT_MANAGERS)


def can_manage_api_tokens(user) -> bool:
    """Issue and revoke the API tokens of partner systems (the functional administrator)."""
    return has_any_role(user, ACCOUNT_MANAGERS)


def can_manage_programmes(user) -> bool:
    """Manage programmes, their municipalities and cohorts (the administrator and the
    programme lead)."""
    return has_any_role(user, PROGRAMME_MANAGERS)


def can_see_jobs(user) -> bool:
    """The page of background jobs that failed, and retrying them (the administrator)."""
    return has_any_role(user, JOB_WATCHERS)
