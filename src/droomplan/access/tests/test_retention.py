"""Retention: `droomplan apply_retention` anonymises files some years after the end."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from droomplan.access import parts, retention
from droomplan.accounts.tests.factories import UserFactory
from droomplan.audit.models import AccessLogEntry, Action, RetentionRecord
from droomplan.cases.models import Child, CoachAssignment, Contact, Participant, StatusChange
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.plans.models import Action as PlanAction
from droomplan.plans.models import Dream, Goal, GoalStatusChange
from droomplan.programmes.tests.factories import ProgrammeFactory

from .rights_fixtures import SECRET_WORDS, full_case

ENDED = datetime.date(2024, 3, 15)
ANNIVERSARY = datetime.date(2026, 3, 15)  # exactly two years later
DAY_AFTER = datetime.date(2026, 3, 16)


def run(*args) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def ended(db):
    return full_case(ended_on=ENDED)


def _all_text(participant) -> str:
    """Every stored value of her file, as one string."""
    p = Participant.objects.get(pk=participant.pk)
    parts = [str(v) for v in Participant.objects.filter(pk=p.pk).values().get().values()]
    for model, filt in [
        (Child, {"participant": p}),
        (Contact, {"participant": p}),
        (CoachAssignment, {"participant": p}),
        (StatusChange, {"participant": p}),
        (Dream, {"participant": p}),
        (Goal, {"participant": p}),
        (GoalStatusChange, {"goal__participant": p}),
        (PlanAction, {"goal__participant": p}),
    ]:
        parts += [str(row) for row in model.objects.filter(**filt).values()]
    return " ".join(parts)


def test_the_anniversary_still_counts_as_kept(ended):
    assert retention.keep_until(ended) == ANNIVERSARY
    assert retention.due_for_retention(ANNIVERSARY) == []
    assert retention.due_for_retention(DAY_AFTER) == [ended]


def test_the_programme_chooses_the_number_of_years(db):
    programme = ProgrammeFactory(retention_years=5)
    mother = full_case(ended_on=ENDED, programme=programme)
    assert retention.keep_until(mother) == datetime.date(2029, 3, 15)
    assert retention.due_for_retention(datetime.date(2028, 1, 1)) == []


def test_29_february_ends_on_28_february(db):
    mother = full_case(ended_on=datetime.date(2024, 2, 29))
    assert retention.keep_until(mother) == datetime.date(2026, 2, 28)


def test_intake_and_active_participants_are_never_touched(db):
    active = full_case()
    intake = ParticipantFactory(end_date=datetime.date(2000, 1, 1))  # odd data, still intake
    run("--today", "2099-01-01")
    for p in (active, intake):
        p.refresh_from_db()
        assert p.anonymised_at is None
    assert Participant.objects.get(pk=active.pk).given_name == "Zeldzamenaam"


def test_dry_run_lists_and_changes_nothing(ended):
    before = _all_text(ended)
    log_before = AccessLogEntry.objects.count()
    out = run("--dry-run", "--today", DAY_AFTER.isoformat())
    assert ended.ref in out
    assert _all_text(ended) == before
    assert not RetentionRecord.objects.exists()
    assert AccessLogEntry.objects.count() == log_before
    ended.refresh_from_db()
    assert ended.anonymised_at is None


def test_not_yet_on_the_anniversary(ended):
    out = run("--today", ANNIVERSARY.isoformat())
    assert "0 " in out
    assert Participant.objects.get(pk=ended.pk).given_name == "Zeldzamenaam"


def test_anonymises_names_contact_details_and_free_text(ended):
    coach = UserFactory()
    ended.user = UserFactory(first_name="Zeldzamenaam", email="zelda@example.org")
    ended.save()
    CoachAssignment.objects.filter(participant=ended).update(coach=coach)
    run("--today", DAY_AFTER.isoformat())
    text = _all_text(ended)
    for word in SECRET_WORDS:
        assert word not in text, word
    p = Participant.objects.select_related("user").get(pk=ended.pk)
    assert p.anonymised_at is not None
    assert p.user is None
    account = type(coach).objects.get(pk=ended.user.pk)
    assert not account.is_active and not account.has_usable_password()
    assert "Zeldzamenaam" not in f"{account.first_name} {account.email} {account.username}"


def test_anonymised_participants_keep_figures_dates_and_codes(ended):
    run("--today", DAY_AFTER.isoformat())
    p = Participant.objects.get(pk=ended.pk)
    assert p.ref == ended.ref  # the case number stays
    assert (p.status, p.end_date, p.end_reason) == (ended.status, ENDED, ended.end_reason)
    assert (p.intake_date, p.start_date) == (ended.intake_date, ended.start_date)
    assert p.municipality_id == ended.municipality_id
    assert p.birth_date.year == 2001  # reduced to the year
    assert Child.objects.get(participant=p).birth_date.year == 2022
    contact = Contact.objects.get(participant=p)
    assert (contact.duration_minutes, contact.kind) == (45, "home_visit")
    goal = Goal.objects.get(participant=p)
    assert (goal.domain, goal.status) == ("finances", "open")
    assert PlanAction.objects.get(goal=goal).done_on == datetime.date(2025, 5, 1)
    assert StatusChange.objects.filter(participant=p).count() == 3
    # she still counts: the outcome reports see an ended participant with her dates
    assert Participant.objects.filter(status="ended", end_date=ENDED).count() == 1


def test_leaves_a_trace(ended):
    run("--today", DAY_AFTER.isoformat())
    trace = RetentionRecord.objects.get()
    assert (trace.participant_ref, trace.anonymised_on, trace.ended_on) == (
        ended.ref,
        DAY_AFTER,
        ENDED,
    )
    assert trace.programme_id == ended.programme_id
    assert trace.what["case_file"] >= 5
    assert trace.what["plan"] >= 3
    entry = AccessLogEntry.objects.get(participant=ended, action=Action.ANONYMISE)
    assert entry.detail.startswith("apply_retention")
    with pytest.raises(PermissionError):
        trace.delete()


def test_is_idempotent(ended):
    run("--today", DAY_AFTER.isoformat())
    after_first = _all_text(ended)
    out = run("--today", "2027-01-01")
    assert "0 " in out
    assert _all_text(ended) == after_first
    assert RetentionRecord.objects.count() == 1
    # the app modules themselves change nothing a second time
    assert all(part.module.anonymise(ended) == 0 for part in parts.parts())


def test_access_log_entries_are_kept(ended):
    count = AccessLogEntry.objects.filter(participant=ended).count()
    out = run("--today", DAY_AFTER.isoformat())
    assert AccessLogEntry.objects.filter(participant=ended).count() == count + 1
    assert "verwijdert ze niet" in out and "prune_access_log" in out
    # the anonymisation is in the log, naming the operating-system user who ran the command
    trace = AccessLogEntry.objects.filter(participant=ended).latest("id")
    assert trace.username.startswith("os:") and trace.path.startswith("command: droomplan")


def test_each_app_may_clean_up_its_own_data(ended, monkeypatch):
    calls = []

    def retention(*, today, dry_run):
        calls.append((today, dry_run))
        return ["3 old signals removed"]

    part = parts.parts()[0]
    monkeypatch.setattr(part.module, "retention", retention, raising=False)
    out = run("--dry-run", "--today", "2026-05-01")
    assert calls == [(datetime.date(2026, 5, 1), True)]
    assert "3 old signals removed" in out


def test_bad_today_is_a_clear_message(db):
    with pytest.raises(CommandError, match="2026-12-31"):
        run("--today", "31-12-2026")
