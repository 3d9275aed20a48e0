"""Access checks for views that belong to one or more roles."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(*roles: str, log_as: str | None = None, verb: str = "view") -> Callable:
    """Let a view through only for users who hold one of ``roles``.

    Anonymous users go to the login page; logged-in users without the role get the styled
    403 page (PermissionDenied is rendered by the project's handler403). With ``log_as`` (an
    object type, for pages that show case data or aggregates of it) the refusal is also
    written to the access log as `denied`."""
    if not roles:
        raise ValueError("role_required() needs at least one role")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                if log_as is not None:
                    from droomplan.access.shortcuts import deny

                    deny(request, object_type=log_as, object_id="", verb=verb)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return login_required(wrapped)

    return decorator
