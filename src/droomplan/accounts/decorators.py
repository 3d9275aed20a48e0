"""Guards for the pages of the lower layers (organisations, users, programmes).

`accounts` and `programmes` sit below `access` (which builds on them), so their own
management pages are guarded by role here: the one documented exception to "every rule lives
in `access`" (docs/architecture.md). Every other page asks `access.policy`
(`access.decorators.allowed_if`)."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def holds_role(*roles: str) -> Callable[..., bool]:
    """A predicate: an active user who holds one of `roles` (for the view and its menu item)."""
    if not roles:
        raise ValueError("holds_role() needs at least one role")

    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.has_role(*roles))

    predicate.roles = frozenset(roles)
    return predicate


def allowed_for(predicate: Callable[..., bool]) -> Callable:
    """Let a view through when `predicate(user)` holds (an `access.policy` predicate for the
    accounts pages that ask `access`); otherwise the styled 403 page. The predicate is kept on
    the view (`access_predicate`) for the navigation test."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.access_predicate = predicate
        return login_required(wrapped)

    decorator.predicate = predicate
    return decorator


def role_required(*roles: str) -> Callable:
    """Let a view through only for users who hold one of ``roles``.

    Anonymous users go to the login page; logged-in users without the role get the styled
    403 page (PermissionDenied is rendered by the project's handler403). The predicate is kept
    on the view (`access_predicate`), like `access.decorators.allowed_if` does."""
    if not roles:
        raise ValueError("role_required() needs at least one role")
    return allowed_for(holds_role(*roles))
