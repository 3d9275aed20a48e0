"""Issue 18: the access log stays small at province scale without losing what the mother's
overview says. A list shows her at most once per user and day; a page that shows several
parts of her file is one entry naming them all; the redundant index is gone."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.audit import chain
from droomplan.audit.labels import seen_parts
from droomplan.audit.models import AccessLogEntry, Action, Outcome
from droomplan.audit.selectors import entries_for_export, her_access_log
from droomplan.audit.services import deferred, one_entry_per_view, record, record_many
from droomplan.cases.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _list(user, mothers, action=Action.LIST, detail="caseload"):
    return record_many(
        request=None, user=user, action=action, object_type="case", participants=mothers,
        detail=detail,
    )  # fmt: skip


def test_a_list_logs_each_mother_once_per_user_and_day(django_assert_num_queries):
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    lead.active_memberships()
    mothers = ParticipantFactory.create_batch(3)
    # What is seen today, then under the lock of the chain head the same again, one INSERT.
    with django_assert_num_queries(4):
        _list(lead, mothers[:2])
    with django_assert_num_queries(1) as seen:  # nothing new: no lock, no INSERT, no COMMIT
        _list(lead, mothers[:2], Action.SEARCH, "caseload")
    assert "FOR UPDATE" not in seen.captured_queries[0]["sql"]
    _list(lead, mothers, detail="home")  # the third mother is new today
    logged = AccessLogEntry.objects.filter(user=lead)
    assert sorted(logged.values_list("participant_id", flat=True)) == sorted(m.pk for m in mothers)
    other = UserFactory(role=Role.COACH)
    _list(other, mothers[:1])  # another user: her own entry
    assert AccessLogEntry.objects.filter(user=other).count() == 1
    assert chain.verify().ok


def test_a_list_seen_by_another_request_meanwhile_is_not_written_twice(monkeypatch):
    """Two requests at once: both find her not yet seen today before the lock; the second
    to take the lock must see the first one's entry and write nothing."""
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    mother = ParticipantFactory()
    _list(lead, [mother])  # the other request, already written
    real = chain._not_seen_today
    calls = []

    def stale_first(entries):  # the check before the lock ran before the other request wrote
        calls.append(len(entries))
        return entries if len(calls) == 1 else real(entries)

    monkeypatch.setattr(chain, "_not_seen_today", stale_first)
    _list(lead, [mother], detail="home")
    assert calls == [1, 1]  # checked again under the lock
    assert AccessLogEntry.objects.filter(user=lead, participant=mother).count() == 1


def test_a_list_entry_of_yesterday_does_not_count_for_today():
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    mother = ParticipantFactory()
    yesterday = timezone.now() - datetime.timedelta(days=1, hours=1)
    chain.append([AccessLogEntry(user=lead, username=lead.username, participant=mother,
                                 object_type="case", object_id=str(mother.pk), action=Action.LIST,
                                 outcome=Outcome.ALLOWED, at=yesterday)])  # fmt: skip
    _list(lead, [mother])
    assert AccessLogEntry.objects.filter(user=lead, participant=mother).count() == 2


def test_the_same_mother_twice_in_one_batch_is_logged_once():
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    mother = ParticipantFactory()
    with deferred():
        _list(lead, [mother])
        _list(lead, [mother], detail="home")
    assert AccessLogEntry.objects.filter(participant=mother).count() == 1


def test_reads_and_exports_are_never_left_out():
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    mother = ParticipantFactory()
    _list(lead, [mother])
    record_many(request=None, user=lead, action=Action.EXPORT, object_type="case",
                participants=[mother])  # fmt: skip
    record_many(request=None, user=lead, action=Action.EXPORT, object_type="case",
                participants=[mother])  # fmt: skip
    record(request=None, user=lead, action=Action.VIEW, object_type="case", participant=mother)
    record(request=None, user=lead, action=Action.VIEW, object_type="case", participant=mother)
    assert AccessLogEntry.objects.filter(participant=mother).count() == 5


def test_a_page_with_several_parts_is_one_entry_that_names_them_all():
    coach = UserFactory(role=Role.COACH)
    mother = ParticipantFactory(user=UserFactory(role=Role.PARTICIPANT))
    with one_entry_per_view():
        record(request=None, user=coach, action=Action.VIEW, object_type="case",
               participant=mother, object_id=mother.pk)  # fmt: skip
        for kind, detail in (("measurement", "3 measurements"), ("debt", "domains=debts")):
            record(request=None, user=coach, action=Action.VIEW, object_type=kind,
                   participant=mother, object_id=mother.pk, detail=detail)  # fmt: skip
        record(
            request=None, user=coach, action=Action.UPDATE, object_type="goal", participant=mother
        )  # a write is written at once, on its own
        assert AccessLogEntry.objects.filter(participant=mother).count() == 1
    entries = AccessLogEntry.objects.filter(participant=mother, action=Action.VIEW)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.object_type == "case"
    assert seen_parts(entry.object_type, entry.detail) == ["case", "measurement", "debt"]
    assert "3 measurements" in entry.detail
    assert chain.verify().ok
    # Her overview and her inzage file still say what was seen.
    day = her_access_log(mother).object_list[0]
    person = day.people[0]
    assert person.times == 2 and len(person.looked_at) == 3  # one view, one change
    assert len(person.changed) == 1
    exported = [r for r in entries_for_export(mother) if r["action"] == "bekeken"]
    assert exported[0]["object_type"].count(",") == 2


def test_the_parts_survive_a_long_detail():
    coach = UserFactory(role=Role.COACH)
    mother = ParticipantFactory()
    with one_entry_per_view():
        record(request=None, user=coach, action=Action.VIEW, object_type="case",
               participant=mother)  # fmt: skip
        for i in range(40):
            record(request=None, user=coach, action=Action.VIEW, object_type="signal",
                   participant=mother, object_id=i, detail="case page " * 5)  # fmt: skip
        record(request=None, user=coach, action=Action.VIEW, object_type="escalation",
               participant=mother)  # fmt: skip
    entry = AccessLogEntry.objects.get(participant=mother)
    assert len(entry.detail) <= 300
    assert seen_parts(entry.object_type, entry.detail) == ["case", "signal", "escalation"]


def test_only_the_index_on_participant_and_time_is_left():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "audit_accesslogentry")
    on_participant = [
        info["columns"] for info in constraints.values()
        if info["index"] and "participant_id" in info["columns"]
    ]  # fmt: skip
    assert on_participant == [["participant_id", "at"]]
