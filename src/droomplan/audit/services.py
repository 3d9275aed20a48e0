"""Writing the access log. Every read and write of a participant's data calls `record`.

Each entry says who (user, role, organisation, or the operating-system user of a command),
what, when and from which client address (`core.client.client_ip`), and is chained to the
entry before it (`audit.chain.append`: one extra query per call, however many entries)."""

import contextlib
import contextvars
from collections.abc import Iterable

from django.http import HttpRequest

from droomplan.core.client import client_ip
from droomplan.core.request_id import current_request

from . import chain
from .commandline import current_command
from .labels import SEEN_WITH
from .models import AccessLogEntry, Action, Outcome

# The case page's reads, gathered by `one_entry_per_view()` per participant.
_gathered: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "audit_gathered", default=None
)

# Actions that mean "seen in a list": logged at most once per user, participant and day.
LIST_ACTIONS = (Action.LIST, Action.SEARCH)

# Entries kept back by `deferred()`, written together when it ends.
_pending: contextvars.ContextVar[list[AccessLogEntry] | None] = contextvars.ContextVar(
    "audit_pending", default=None
)


@contextlib.contextmanager
def deferred():
    """Write the entries recorded inside this block together, in one locked step when the
    block ends (use it inside the transaction of a long service, such as an import, so that
    the chain is locked only at its end, not for its whole length). Nothing is written when
    the block raises: its transaction is rolled back anyway."""
    if _pending.get() is not None:  # already deferred further out
        yield
        return
    token = _pending.set([])
    try:
        yield
        entries = _pending.get()
    finally:
        _pending.reset(token)
    chain.append(entries)


@contextlib.contextmanager
def one_entry_per_view():
    """One access-log entry per participant for a page that shows several parts of her file
    (the case page: the file, then measurements, life domains, meetings... each logged by
    its own part). Inside this block, every allowed read (`record` with action VIEW and a
    participant) is gathered; when the block ends, one entry per participant is written: the
    first read (who, when, from where, normally the file itself), with the other parts it
    showed named in its detail (`combine`), so her access overview still says what was seen.
    Everything else (writes, refusals) is written at once, as always."""
    if _gathered.get() is not None:  # already gathering further out
        yield
        return
    token = _gathered.set({})
    try:
        yield
    finally:
        groups = _gathered.get()
        _gathered.reset(token)
        # Also when the page failed after it read her file: what was read is logged.
        _write([combine(entries) for entries in groups.values()])


def combine(entries: list[AccessLogEntry]) -> AccessLogEntry:
    """One entry for the reads of one page view: the first, its detail saying which other
    parts were shown ("with: measurement,lifedomains; measurement: 3 measurements ..."); the
    kinds come first so that a cut at 300 characters never loses them (`seen_parts`)."""
    first = entries[0]
    others = [e for e in entries[1:] if e.object_type != first.object_type]
    if not others:
        return first
    kinds = list(dict.fromkeys(e.object_type for e in others))
    details = [f"{e.object_type} {e.object_id}: {e.detail}".strip(": ") for e in others]
    text = SEEN_WITH + ",".join(kinds) + "; " + "; ".join(filter(None, [first.detail, *details]))
    first.detail = text.rstrip("; ")[:300]
    return first


def _gather(entry: AccessLogEntry) -> bool:
    groups = _gathered.get()
    if (
        groups is None
        or entry.participant_id is None
        or entry.action != Action.VIEW
        or entry.outcome != Outcome.ALLOWED
    ):
        return False
    groups.setdefault(entry.participant_id, []).append(entry)
    return True


def _write(entries: list[AccessLogEntry]) -> None:
    pending = _pending.get()
    if pending is not None:
        pending.extend(entries)
    else:
        chain.append(entries)


def _request_fields(request: HttpRequest | None) -> dict:
    if request is not None:
        return {
            "request_id": getattr(request, "request_id", ""),
            "path": request.get_full_path()[:300],
            "client_ip": client_ip(request),
        }
    info = current_request.get()
    if info is not None:
        return {"request_id": info.request_id, "path": info.path, "client_ip": info.client_ip}
    command = current_command.get()
    if command is not None:
        return {"request_id": command.run_id, "path": command.line[:300], "client_ip": ""}
    return {"request_id": "", "path": "", "client_ip": ""}


def _actor_fields(user) -> dict:
    if user is None or not getattr(user, "is_authenticated", False):
        command = current_command.get()
        if command is not None and command.account is not None:
            user = command.account
        elif command is not None:
            return {
                "user": None,
                "username": command.os_username,
                "user_display": command.os_display,
                "organisation": "",
                "role": "",
            }
        else:
            return {
                "user": None,
                "username": "",
                "user_display": "",
                "organisation": "",
                "role": "",
            }
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
    """Add one entry to the access log. `user` defaults to the request's user; outside a
    request, to the account or operating-system user of the running command."""
    actor = user if user is not None else getattr(request, "user", None)
    entry = AccessLogEntry(
        **_actor_fields(actor),
        **_request_fields(request),
        participant=participant,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        action=Action(action),
        outcome=Outcome(outcome),
        detail=detail[:300],
    )
    if not _gather(entry):
        _write([entry])
    return entry


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
    to the request's user (a service passes its actor and no request). A list or search
    (action LIST or SEARCH) by a user is logged at most once per user, participant and day:
    the first time she is seen in any list that day (`chain.append` skips the others, under
    its lock, so two requests at once cannot both write it)."""
    actor = user if user is not None else getattr(request, "user", None)
    base = {**_actor_fields(actor), **_request_fields(request)}
    entries = [
        AccessLogEntry(
            **base,
            participant=p,
            object_type=object_type,
            object_id=str(p.pk),
            action=Action(action),
            outcome=Outcome.ALLOWED,
            detail=detail[:300],
        )
        for p in participants
    ]
    if action in LIST_ACTIONS and base["user"] is not None:
        for entry in entries:
            entry.once_a_day = True
    _write(entries)
    return len(entries)
