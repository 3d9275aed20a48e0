"""The access log's hash chain: every entry carries the hash of the entry before it.

The hash of an entry is SHA-256 over a canonical serialisation of its fields and the previous
hash (`canonical`, version 1: JSON with sorted keys, no spaces, UTF-8, the time in UTC with
microseconds). Changing a field, removing an entry or slipping one in between breaks the chain
at that point; removing entries at the end is seen against the chain head
(`AccessLogChain.last_id/last_hash`), which a database trigger moves on every insert.

Appends are serialised: `append` locks the chain head (SELECT ... FOR UPDATE on PostgreSQL;
SQLite has one writer at a time anyway), chains a whole batch in memory and inserts it with
one statement, so a list page with 50 families costs the same one extra query as a single
entry. The lock is held until the surrounding transaction ends.

Retention (`prune`) is the one exception to "never delete": it removes the oldest entries in
one piece, records the hash of the last one removed as the chain's anchor, and appends an
entry saying what it did."""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AccessLogChain, AccessLogEntry

VERSION = 1
HEAD = 1  # the chain head's primary key

# The fields covered by the hash, in the order they are read from the database.
FIELDS = (
    "at",
    "user_id",
    "username",
    "user_display",
    "organisation",
    "role",
    "participant_id",
    "object_type",
    "object_id",
    "action",
    "outcome",
    "request_id",
    "path",
    "detail",
    "client_ip",
)


def _time(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(values: dict, prev_hash: str) -> bytes:
    """The bytes that are hashed: every field in FIELDS, the previous hash and the version."""
    data = {name: values[name] for name in FIELDS}
    data["at"] = _time(values["at"])
    data["prev"] = prev_hash
    data["v"] = VERSION
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(values: dict, prev_hash: str) -> str:
    return hashlib.sha256(canonical(values, prev_hash)).hexdigest()


def _values(entry: AccessLogEntry) -> dict:
    return {name: getattr(entry, name) for name in FIELDS}


def _locked_head() -> str:
    """Lock the chain head and return the hash of the newest entry ('' for an empty log)."""
    head = AccessLogChain.objects.select_for_update().filter(pk=HEAD)
    found = head.values_list("last_hash", flat=True)
    for last_hash in found:
        return last_hash
    # Only once per database (or after a test flushed every table).
    AccessLogChain.objects.bulk_create([AccessLogChain(pk=HEAD)], ignore_conflicts=True)
    return head.values_list("last_hash", flat=True).get()


LIST_ACTIONS = ("list", "search")


def _start_of_today() -> datetime.datetime:
    today = timezone.localdate()
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))


def _not_seen_today(entries: list[AccessLogEntry]) -> list[AccessLogEntry]:
    """Leave out the "seen in a list" entries (marked `once_a_day` by `record_many`) for a
    user and participant that already have one today, or earlier in this batch: one query
    (on the index on participant and time)."""
    marked = [e for e in entries if getattr(e, "once_a_day", False)]
    if not marked:
        return entries
    seen = set(
        AccessLogEntry.objects.filter(
            participant_id__in={e.participant_id for e in marked},
            at__gte=_start_of_today(),
            action__in=LIST_ACTIONS,
            user_id__in={e.user_id for e in marked},
        ).values_list("user_id", "participant_id")
    )
    kept = []
    for entry in entries:
        if getattr(entry, "once_a_day", False):
            key = (entry.user_id, entry.participant_id)
            if key in seen:
                continue
            seen.add(key)
        kept.append(entry)
    return kept


def append(entries: list[AccessLogEntry]) -> list[AccessLogEntry]:
    """Chain and insert new entries, in order: one query for the lock, one INSERT.

    "Seen in a list" entries (`once_a_day`) are first checked without the lock: a list seen
    again the same day (most views of a home or a caseload) then writes nothing and takes no
    lock, so it costs no transaction and no COMMIT (a WAL flush). What is left is checked again
    under the lock, so two requests at once still write it only once."""
    if not entries:
        return entries
    if any(getattr(e, "once_a_day", False) for e in entries):
        entries = _not_seen_today(entries)
        if not entries:
            return entries
    with transaction.atomic(savepoint=False):
        prev = _locked_head()
        entries = _not_seen_today(entries)
        if not entries:
            return entries
        for entry in entries:
            entry.prev_hash = prev
            entry.hash = prev = entry_hash(_values(entry), prev)
        AccessLogEntry.objects.bulk_create(entries)
    return entries


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    last_id: int | None = None
    last_hash: str = ""
    broken_id: int | None = None
    problem: str = ""


def verify(chunk_size: int = 5000) -> Verdict:
    """Walk the whole chain in id order; stop at the first broken link."""
    head = AccessLogChain.objects.filter(pk=HEAD).first()
    expected = head.anchor_hash if head is not None else ""
    checked = 0
    last_id = head.anchor_id if head is not None else None
    rows = AccessLogEntry.objects.order_by("id").values("id", "prev_hash", "hash", *FIELDS)
    for row in rows.iterator(chunk_size=chunk_size):
        if row["prev_hash"] != expected:
            problem = (
                _("the chain starts at the wrong place (entries removed at the start?)")
                if checked == 0
                else _("it does not follow entry %(id)s (an entry removed or inserted before it?)")
                % {"id": last_id}
            )
            return Verdict(False, checked, last_id, expected, row["id"], problem)
        if entry_hash(row, row["prev_hash"]) != row["hash"]:
            return Verdict(
                False, checked, last_id, expected, row["id"], _("its content was changed")
            )
        expected = row["hash"]
        last_id = row["id"]
        checked += 1
    if checked and head is None:
        return Verdict(False, checked, last_id, expected, None, _("the chain head is missing"))
    if head is not None and (head.last_id != last_id or head.last_hash != expected):
        return Verdict(
            False,
            checked,
            last_id,
            expected,
            head.last_id,
            _(
                "the log ends at entry %(last)s, the chain head says %(head)s (entries removed "
                "at the end?)"
            )
            % {"last": last_id, "head": head.last_id},
        )
    return Verdict(True, checked, last_id, expected)


@dataclass(frozen=True)
class Pruned:
    removed: int
    anchor_id: int | None
    anchor_hash: str


@transaction.atomic
def prune(*, before: datetime.datetime) -> Pruned:
    """Remove the oldest entries, up to the first entry at or after `before`, in one piece
    (always a prefix of the chain), and anchor the chain at the last one removed. The caller
    records that it happened (`services.record_retention`). On PostgreSQL the guard trigger
    allows the DELETE only inside this transaction (`SET LOCAL droomplan.retention = on`)."""
    _locked_head()
    first_kept = (
        AccessLogEntry.objects.filter(at__gte=before).order_by("id").values_list("id", flat=True)
    ).first()
    doomed = AccessLogEntry.objects.all()
    if first_kept is not None:
        doomed = doomed.filter(id__lt=first_kept)
    last = doomed.order_by("-id").values("id", "hash").first()
    if last is None:
        return Pruned(0, None, "")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL droomplan.retention = 'on'")
        table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
        cursor.execute(f"DELETE FROM {table} WHERE id <= %s", [last["id"]])  # noqa: S608
        removed = cursor.rowcount
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL droomplan.retention = 'off'")
    AccessLogChain.objects.filter(pk=HEAD).update(
        anchor_id=last["id"], anchor_hash=last["hash"], anchored_at=timezone.now()
    )
    return Pruned(removed, last["id"], last["hash"])
