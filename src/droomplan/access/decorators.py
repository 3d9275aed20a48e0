"""Page guards: a view that is not about one object (a list, a report, a tool) is let through
only when an `access.policy` predicate allows it."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required

from .policy import Verb
from .shortcuts import refuse

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def allowed_if(
    predicate: Callable[..., bool], *, object_type: str, verb: str | None = None
) -> Callable:
    """Let the view through when `predicate(user)` holds. Anonymous users go to the login
    page; anyone else gets the styled 403 page and a `denied` entry in the access log (as
    `object_type`, with `verb`; without one, a refused GET is logged as a view and anything
    else as an attempt to change). The predicate is kept on the view (`access_predicate`),
    so the tests can check that the navigation shows a page exactly when it opens."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                refused = verb or (Verb.VIEW if request.method in SAFE else Verb.EDIT)
                refuse(request, object_type, verb=refused)
            return view(request, *args, **kwargs)

        wrapped.access_predicate = predicate
        return login_required(wrapped)

    return decorator
