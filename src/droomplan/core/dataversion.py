"""A token that changes on every write that can change a computed figure, so a cache can key
what it keeps by it and never serve a figure computed from other data.

Writers that save models through the ORM are covered by signal handlers (the outcomes app
connects `post_save`/`post_delete` of the facts its figures read); a writer that bypasses the
ORM's signals (bulk inserts and updates, `QuerySet.update`) calls `bump()` itself. The token
also changes again when the transaction commits, so a figure computed by another request
between the write and the commit is not kept under the new token."""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

KEY = "droomplan:data-version"
T = TypeVar("T")


def current() -> str:
    return cache.get_or_set(KEY, lambda: uuid.uuid4().hex, None)


def _new() -> None:
    cache.set(KEY, uuid.uuid4().hex, None)


def bump() -> None:
    _new()
    transaction.on_commit(_new)


def cached(name: str, *parts, compute: Callable[[], T], seconds: int) -> T:
    """`compute()` kept in the shared cache under the current data version, `name` and `parts`
    (whatever else the value depends on: programme, day, selection). The one key scheme for
    figures computed from the data: a write gives a new version, so the next call computes
    afresh, and every worker and server reads the same value."""
    key = ":".join([name, current(), *(str(part) for part in parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value
