"""Writing the access log. Every read and write of a participant's data calls `record`."""

from collections.abc import Iterable

from django.http import HttpRequest

from droomplan.core.request_id import current_request

from .models import AccessLogEntry, Action, Outcome


def _request_fields(request: HttpRequest | None) -> tuple[str, str]:
    if request is not None:
        return getattr(request, "request_id", ""), request.get_full_path()[:300]
    info = current_request.get()
    return (info.request_id, info.path) if info else ("", "")


def _actor_fields(user) -> dict:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"user": None, "username": "", "user_display": "", "organisation": "", "role": ""}
    memberships = user.active_memberships()
    return {
        "user": user,
        "username": user.username,
        "user_display": str(user),
        "organisation": ", ".join(
            sorted({m.organisation.name for m in memberships if m.organisation_id})
        )[:200],
        "role": ", ".join(sorted({m.role for m in memberships}))[:200],
    }


def record(
    *,
    request: HttpRequest | None,
    action: str,
    object_type: str,
    participant=None,
    object_id: str | int | None = "",
    outcome: str = Outcome.ALLOWED,
    user=None,
    detail: str = "",
) -> AccessLogEntry:
    """Add one entry to the access log. `user` defaults to the request's user."""
    actor = user if user is not None else getattr(request, "user", None)
    request_id, path = _request_fields(request)
    return AccessLogEntry.objects.create(
        **_actor_fields(actor),
        participant=participant,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        action=Action(action),
        outcome=Outcome(outcome),
        request_id=request_id,
        path=path,
        detail=detail[:300],
    )


def record_many(
    *,
    request: HttpRequest | None,
    action: str,
    object_type: str,
    participants: Iterable,
    detail: str = "",
    user=None,
) -> int:
    """One entry per participant in a list or search result (one INSERT). `user` defaults
    to the request's user (a service passes its actor and no request)."""
    actor = user if user is not None else getattr(request, "user", None)
    base = _actor_fields(actor)
    request_id, path = _request_fields(request)
    entries = [
        AccessLogEntry(
            **base,
            participant=p,
            object_type=object_type,
            object_id=str(p.pk),
            action=Action(action),
            outcome=Outcome.ALLOWED,
            request_id=request_id,
            path=path,
            detail=detail[:300],
        )
        for p in participants
    ]
    AccessLogEntry.objects.bulk_create(entries)
    return len(entries)
