"""The access log is tamper-evident and complete (issue 13, item 5): a hash chain, a command
that verifies it, a PostgreSQL trigger that refuses changes, retention as the one exception,
and the client address in every entry."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.audit import chain
from droomplan.audit.models import AccessLogChain, AccessLogEntry, Action
from droomplan.audit.services import record, record_many
from droomplan.cases.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"


def write(n=3):
    user = UserFactory(role=Role.COACH)
    entries = [
        record(
            request=None,
            user=user,
            action=Action.VIEW,
            object_type="case",
            participant=ParticipantFactory(),
            detail=f"entry {i}",
        )
        for i in range(n)
    ]
    return entries


def tamper(sql, params=()):
    """What someone with database access could do (on PostgreSQL past the trigger)."""
    with connection.cursor() as cursor:
        if POSTGRESQL:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if POSTGRESQL:
            cursor.execute("SET LOCAL session_replication_role = origin")


def verify_command(*args):
    out = io.StringIO()
    call_command("verify_access_log", *args, stdout=out)
    return out.getvalue()


def test_each_entry_carries_the_hash_of_the_one_before():
    first, second, third = write(3)
    assert first.prev_hash == AccessLogChain.objects.get().anchor_hash == ""
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    head = AccessLogChain.objects.get()
    assert (head.last_id, head.last_hash) == (third.pk, third.hash)  # moved by the trigger
    stored = AccessLogEntry.objects.get(pk=second.pk)
    assert chain.entry_hash(stored.__dict__, stored.prev_hash) == stored.hash


def test_a_list_is_chained_in_one_locked_step(django_assert_num_queries):
    write(1)
    user = UserFactory(role=Role.PROGRAMME_LEAD)
    user.active_memberships()
    mothers = ParticipantFactory.create_batch(4)
    # Listed today already? Then under the lock of the chain head the same again, one INSERT.
    with django_assert_num_queries(4):
        record_many(request=None, user=user, action=Action.LIST, object_type="case",
                    participants=mothers)  # fmt: skip
    assert chain.verify().ok


def test_the_canonical_form_is_stable():
    values = dict.fromkeys(chain.FIELDS, "")
    values |= {"at": datetime.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=datetime.UTC),
               "user_id": 7, "participant_id": None, "detail": "Zoë"}  # fmt: skip
    text = chain.canonical(values, "ab" * 32).decode()
    assert text.startswith('{"action":"","at":"2026-01-02T03:04:05.000006Z",')
    assert '"detail":"Zoë"' in text and text.endswith(',"v":1}')
    assert chain.entry_hash(values, "") != chain.entry_hash(values, "0" * 64)


def test_verify_says_the_chain_is_intact():
    entries = write(3)
    out = verify_command()
    assert "Inzagelog in orde: 3 regels" in out
    assert f"{entries[-1].pk}:{entries[-1].hash}" in out


def test_verify_on_an_empty_log():
    assert "in orde: 0 regels" in verify_command()


def test_a_changed_entry_is_the_first_broken_link():
    first, second, third = write(3)
    tamper("UPDATE audit_accesslogentry SET username = 'iemand' WHERE id = %s", [second.pk])
    with pytest.raises(CommandError, match=f"bij regel {second.pk}: de inhoud is veranderd"):
        verify_command()


def test_a_removed_entry_breaks_the_chain():
    first, second, third = write(3)
    tamper("DELETE FROM audit_accesslogentry WHERE id = %s", [second.pk])
    with pytest.raises(CommandError, match=f"bij regel {third.pk}: de regel volgt niet"):
        verify_command()


def test_removing_the_newest_entries_is_seen_against_the_head():
    first, second, third = write(3)
    tamper("DELETE FROM audit_accesslogentry WHERE id >= %s", [second.pk])
    with pytest.raises(CommandError, match="regels aan het eind verwijderd"):
        verify_command()


def test_removing_the_oldest_entries_is_seen():
    first, second, third = write(3)
    tamper("DELETE FROM audit_accesslogentry WHERE id = %s", [first.pk])
    with pytest.raises(CommandError, match="begint op de verkeerde plek"):
        verify_command()


def test_expect_catches_a_log_rewritten_as_a_whole():
    first, second = write(2)
    assert "in orde" in verify_command("--expect", f"{first.pk}:{first.hash}")
    with pytest.raises(CommandError, match="herschreven"):
        verify_command("--expect", f"{first.pk}:{'0' * 64}")
    with pytest.raises(CommandError, match="--expect moet eruitzien"):
        verify_command("--expect", "nonsense")


def test_the_command_exits_non_zero_when_broken():
    """`droomplan verify_access_log` turns CommandError into exit code 1."""
    first, second = write(2)
    tamper("UPDATE audit_accesslogentry SET detail = 'x' WHERE id = %s", [first.pk])
    from django.core.management import load_command_class

    command = load_command_class("droomplan.audit", "verify_access_log")
    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["droomplan", "verify_access_log"])
    assert exit_info.value.code == 1


def test_the_entry_records_the_client_address_behind_the_proxy(settings):
    settings.DROOMPLAN_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/deelnemers/1/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
    )
    request.user = UserFactory(role=Role.COACH)
    entry = record(request=request, action=Action.VIEW, object_type="case")
    assert entry.client_ip == "198.51.100.7"
    assert AccessLogEntry.objects.get(pk=entry.pk).client_ip == "198.51.100.7"


def test_a_page_view_records_the_client_address(client, settings):
    settings.DROOMPLAN_PROXY_COUNT = 1
    mother = ParticipantFactory()
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    response = client.get(
        f"/deelnemers/{mother.pk}/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    assert response.status_code == 200
    entries = AccessLogEntry.objects.filter(participant=mother)
    assert entries and {e.client_ip for e in entries} == {"198.51.100.9"}
    assert chain.verify().ok


# Retention: the one exception.


def old_log(years=6):
    long_ago = timezone.now() - datetime.timedelta(days=365 * years)
    old = write(3)
    stored_time = connection.ops.adapt_datetimefield_value(long_ago)
    tamper("UPDATE audit_accesslogentry SET at = %s WHERE id <= %s", [stored_time, old[-1].pk])
    # re-chain as if they had been written then (the test's shortcut to an old log)
    prev = ""
    for entry in AccessLogEntry.objects.order_by("id"):
        digest = chain.entry_hash(entry.__dict__, prev)
        tamper(
            "UPDATE audit_accesslogentry SET prev_hash = %s, hash = %s WHERE id = %s",
            [prev, digest, entry.pk],
        )
        prev = digest
    tamper("UPDATE audit_accesslogchain SET last_hash = %s WHERE id = 1", [prev])
    assert chain.verify().ok
    return list(AccessLogEntry.objects.filter(pk__in=[e.pk for e in old]).order_by("id"))


def test_retention_removes_old_entries_reanchors_and_leaves_a_record():
    old = old_log()
    new = write(2)
    admin = UserFactory(role=Role.ADMIN, username="beheerder")
    before = (timezone.localdate() - datetime.timedelta(days=365 * 5 + 2)).isoformat()
    out = io.StringIO()
    call_command("prune_access_log", "--before", before, "--actor", "beheerder", stdout=out)
    assert "3 regels van voor" in out.getvalue()
    assert not AccessLogEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AccessLogEntry.objects.filter(pk__in=[e.pk for e in new]).count() == 2
    head = AccessLogChain.objects.get()
    assert (head.anchor_id, head.anchor_hash) == (old[-1].pk, old[-1].hash)
    trace = AccessLogEntry.objects.get(action=Action.DELETE, object_type="access_log")
    assert trace.user == admin and trace.username == "beheerder"
    assert f"removed 3 entries before {before}" in trace.detail
    assert old[-1].hash in trace.detail
    assert "in orde: 3 regels" in verify_command()  # two new ones and the trace


def test_retention_refuses_recent_dates_and_a_broken_chain():
    first, second = write(2)
    with pytest.raises(CommandError, match="5 jaar bewaard"):
        call_command("prune_access_log", "--before", timezone.localdate().isoformat())
    tamper("UPDATE audit_accesslogentry SET detail = 'x' WHERE id = %s", [first.pk])
    with pytest.raises(CommandError, match="verbroken"):
        call_command("prune_access_log", "--before", "2001-01-01")
    with pytest.raises(CommandError, match="--before moet een datum"):
        call_command("prune_access_log", "--before", "gisteren")


def test_retention_dry_run_removes_nothing():
    write(2)
    out = io.StringIO()
    call_command("prune_access_log", "--before", "2001-01-01", "--dry-run", stdout=out)
    assert "Proefdraaien" in out.getvalue()
    assert AccessLogEntry.objects.count() == 2


# PostgreSQL: the trigger.


@pytest.mark.skipif(not POSTGRESQL, reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_update_and_delete():
    from django.db import DatabaseError, transaction

    (entry,) = write(1)
    for sql in (
        "UPDATE audit_accesslogentry SET detail = 'x' WHERE id = %s",
        "DELETE FROM audit_accesslogentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AccessLogEntry.objects.get(pk=entry.pk).detail == entry.detail


@pytest.mark.skipif(not POSTGRESQL, reason="the trigger exists on PostgreSQL")
def test_postgresql_allows_delete_only_with_the_retention_switch():
    from django.db import DatabaseError, transaction

    (entry,) = write(1)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL droomplan.retention = 'on'")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute("UPDATE audit_accesslogentry SET detail = 'x'")
        cursor.execute("DELETE FROM audit_accesslogentry WHERE id = %s", [entry.pk])
    assert not AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_deferred_entries_are_chained_together_at_the_end(django_assert_num_queries):
    from droomplan.audit.services import deferred

    user = UserFactory(role=Role.COACH)
    user.active_memberships()
    mothers = ParticipantFactory.create_batch(3)
    # one lock, one INSERT for all of them (and the check in between)
    with django_assert_num_queries(3), deferred():
        record(request=None, user=user, action=Action.CREATE, object_type="case",
               participant=mothers[0])  # fmt: skip
        record_many(request=None, user=user, action=Action.UPDATE, object_type="case",
                    participants=mothers[1:])  # fmt: skip
        assert not AccessLogEntry.objects.exists()  # nothing locked or written yet
    assert AccessLogEntry.objects.count() == 3
    assert chain.verify().ok


def test_deferred_entries_are_dropped_when_the_block_fails():
    from droomplan.audit.services import deferred

    user = UserFactory(role=Role.COACH)
    with pytest.raises(ValueError), deferred():
        record(request=None, user=user, action=Action.VIEW, object_type="case")
        raise ValueError
    assert not AccessLogEntry.objects.exists()
