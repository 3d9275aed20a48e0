"""Writing the security log: logins, roles, authenticators and passwords (docs/security.md).

Services call `record`; the request's id and client address come from the context variable
set by middleware (`core.request_id.current_request`), so services do not need the request."""

import ipaddress

from droomplan.core.request_id import current_request

from .models import SecurityEvent, User


def valid_ip(address: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def _username(user: User | None) -> str:
    return user.get_username() if user is not None and user.pk is not None else ""


def record(
    *,
    kind: str,
    actor: User | None = None,
    subject: User | None = None,
    subject_username: str = "",
    role: str = "",
    organisation: str = "",
    detail: str = "",
    ip_address: str | None = None,
) -> SecurityEvent:
    """Add one entry. ``actor`` did it (None: someone not logged in, or the system);
    ``subject`` is whom it concerns (``subject_username``: the name typed, when there is no
    such user). ``role`` and ``organisation`` (a name) for role entries; ``detail`` a
    `SecurityDetail` code or a short text. ``ip_address`` defaults to the current request's
    client address."""
    actor = actor if actor is not None and actor.is_authenticated else None
    info = current_request.get()
    if ip_address is None and info is not None:
        ip_address = info.client_ip
    return SecurityEvent.objects.create(
        kind=kind,
        actor=actor,
        actor_username=_username(actor),
        subject=subject,
        subject_username=(_username(subject) or subject_username)[:150],
        ip_address=valid_ip(ip_address),
        request_id=info.request_id if info is not None else "",
        role=role,
        organisation=organisation[:200],
        detail=detail[:300],
    )
