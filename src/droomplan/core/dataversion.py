"""Tokens that change on every write that can change a computed figure, so a cache can key what
it keeps by them and never serve a figure computed from other data.

There is one token per *topic* (a set of models whose rows a family of figures reads), so a
write to one topic leaves the figures of another in the cache: a coach who logs a contact or
ticks off an action (many times a day at province scale) must not make the outcome report's
aggregate (about a second at 100,000 participants) be computed again. The topics:

- `OUTCOME_FACTS`: what the outcome figures read (`outcomes.apps.FACT_MODELS`);
- `BUSINESS_CASE_INPUTS`: what the business case reads beyond those
  (`businesscase.apps.INPUT_MODELS`);
- `CASELOADS`: families, coach assignments, goals and actions (`cases.apps.CASELOAD_MODELS`:
  the lead's status counts and coaches overview);
- `MEASUREMENT_SCHEDULE`: the scheduled instruments and the programmes' schedule settings
  (`instruments.apps.SCHEDULE_MODELS`: the measurement reminders of the caseload's rows);
- `FILTER_CHOICES`: groups and municipalities (`cases.apps.FILTER_CHOICE_MODELS`: the choices
  of the caseload's filter form).

Writers that save models through the ORM are covered by signal handlers in those apps; a writer
that bypasses the ORM's signals (bulk inserts and updates, `QuerySet.update`) calls `bump()`
itself (with no topic: every topic). A token also changes again when the transaction commits,
so a figure computed by another request between the write and the commit is not kept under
the new token."""

import uuid
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

KEY = "droomplan:data-version"
OUTCOME_FACTS = "outcome-facts"
BUSINESS_CASE_INPUTS = "business-case-inputs"
CASELOADS = "caseloads"
MEASUREMENT_SCHEDULE = "measurement-schedule"
FILTER_CHOICES = "filter-choices"
TOPICS = (OUTCOME_FACTS, BUSINESS_CASE_INPUTS, CASELOADS, MEASUREMENT_SCHEDULE, FILTER_CHOICES)

T = TypeVar("T")


def _key(topic: str) -> str:
    if topic not in TOPICS:
        raise ValueError(f"Unknown data-version topic {topic!r}; known: {', '.join(TOPICS)}.")
    return f"{KEY}:{topic}"


def current(*topics: str) -> str:
    """The token of `topics` together (every topic when none is given)."""
    keys = [_key(topic) for topic in (topics or TOPICS)]
    found = cache.get_many(keys)
    return ".".join(
        found.get(key) or cache.get_or_set(key, lambda: uuid.uuid4().hex, None) for key in keys
    )


def _new(keys: Sequence[str]) -> None:
    cache.set_many({key: uuid.uuid4().hex for key in keys}, None)


def bump(*topics: str) -> None:
    """A write changed the data of `topics` (every topic when none is given)."""
    keys = [_key(topic) for topic in (topics or TOPICS)]
    _new(keys)
    transaction.on_commit(lambda: _new(keys))


def bump_on_change(topic: str, labels: Sequence[str]) -> None:
    """Connect a bump of `topic` to every save and delete of the models `labels`
    ("app.Model"); called from an app's `ready()`."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    _key(topic)  # a known topic

    def changed(sender, **kwargs) -> None:
        bump(topic)

    for label in labels:
        model = apps.get_model(label)
        for signal, when in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(
                changed, sender=model, weak=False, dispatch_uid=f"{topic}-{label}-{when}"
            )


def cached(
    name: str, *parts, depends_on: Sequence[str], compute: Callable[[], T], seconds: int
) -> T:
    """`compute()` kept in the shared cache under the current token of the topics it
    `depends_on`, `name` and `parts` (whatever else the value depends on: programme, day,
    selection). The one key scheme for figures computed from the data: a write to one of those
    topics gives a new token, so the next call computes afresh, and every worker and server
    reads the same value."""
    if not depends_on:
        raise ValueError("A cached figure depends on at least one data-version topic.")
    key = ":".join([name, current(*depends_on), *(str(part) for part in parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


_kept: dict[str, tuple[str, object]] = {}


def kept(name: str, *, depends_on: Sequence[str], compute: Callable[[], T]) -> T:
    """`compute()` kept in this process's memory under the current token of the topics it
    `depends_on`: for a few rows that rarely change and that many pages read (the scheduled
    instruments, the filter form's groups). One read of the shared cache per call (the token),
    none of the data while it is unchanged; a write in any process changes the token, so the
    next call computes afresh. One value per `name` (it takes no other parts)."""
    if not depends_on:
        raise ValueError("A kept value depends on at least one data-version topic.")
    token = current(*depends_on)
    found = _kept.get(name)
    if found is not None and found[0] == token:
        return found[1]  # type: ignore[return-value]
    value = compute()
    _kept[name] = (token, value)
    return value
