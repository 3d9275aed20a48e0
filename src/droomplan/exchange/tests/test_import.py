"""Importing: all or nothing, idempotent re-import, matching of lists, status history and
coach, round trip through export, and the commands."""

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command

from droomplan.access.models import Consent
from droomplan.accounts.models import Organisation, Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.audit.models import AccessLogEntry, Action
from droomplan.cases.models import Child, CoachAssignment, Participant, Status, StatusChange
from droomplan.exchange.export import export_document
from droomplan.exchange.services import ExchangeInvalid, import_file
from droomplan.instruments.models import Measurement
from droomplan.lifedomains.models import Debt, Education, HousingStatus, WorkPlacement
from droomplan.programmes.models import Programme

from .helpers import EXAMPLE, document, example, participant, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach(db):
    return UserFactory(role=Role.COACH, email="coach@example.org", username="coach-x")


def counts() -> dict:
    return {
        m.__name__: m.objects.count()
        for m in (
            Participant,
            Child,
            Debt,
            HousingStatus,
            Education,
            WorkPlacement,
            Consent,
            Measurement,
            StatusChange,
            CoachAssignment,
        )
    }


def test_example_imports_cleanly(tmp_path, coach):
    result = import_file(EXAMPLE)
    assert (result.created, result.updated) == (3, 0)
    vb1 = Participant.objects.get(ref="VB-1")
    assert vb1.status == Status.ACTIVE
    assert vb1.cohort.code == "groep-1"
    assert vb1.municipality.cbs_code == "GM0935"
    assert vb1.coach_assignments.get().coach == coach
    assert list(vb1.status_changes.values_list("to_status", flat=True)) == ["intake", "active"]
    vb2 = Participant.objects.get(ref="VB-2")
    assert (vb2.status, vb2.end_reason) == (Status.ENDED, "moved")
    assert list(vb2.status_changes.values_list("to_status", flat=True)) == [
        "intake",
        "active",
        "ended",
    ]
    assert Participant.objects.get(ref="VB-3").status == Status.INTAKE
    pss = Measurement.objects.filter(participant=vb1, instrument__code="pss-10").first()
    # items 4, 5, 7, 8 reverse-scored: 3+3+4+(4-1)+(4-1)+3+(4-2)+(4-1)+3+3
    assert pss.total == 30
    assert Consent.objects.filter(participant=vb1).count() == 2
    assert Organisation.objects.get(code="mik").name == "MIK Kinderopvang"
    programme = Programme.objects.get(code="droommoeders")
    assert set(programme.municipalities.values_list("cbs_code", flat=True)) == {
        "GM0935",
        "GM0938",
        "GM0981",
    }


def test_reimport_updates_and_never_duplicates(coach):
    import_file(EXAMPLE)
    before = counts()
    child_ids = set(Child.objects.values_list("pk", flat=True))
    result = import_file(EXAMPLE)
    assert (result.created, result.updated) == (0, 3)
    assert counts() == before
    assert set(Child.objects.values_list("pk", flat=True)) == child_ids  # matched, kept


def test_reimport_applies_changes_to_lists_and_status(tmp_path, coach):
    import_file(write(tmp_path, document(participant(start_date=None, cohort=None))))
    p = Participant.objects.get(ref="T-1")
    assert p.status == Status.INTAKE
    child_pk = p.children.get().pk
    changed = participant(
        end_date="2025-06-01",
        end_reason="completed",
        children=[
            {"given_name": "Noah", "birth_date": "2021-02-03"},
            {"given_name": "Mila", "birth_date": "2023-03-03"},
        ],
        debts=[
            {
                "creditor": "Zorgverzekeraar",
                "amount": "1840.50",
                "registered_on": "2024-09-10",
                "settled_on": "2025-05-01",
            }
        ],
        measurements=[],
        coach="coach@example.org",
    )
    import_file(write(tmp_path, document(changed), "b.json"))
    p.refresh_from_db()
    assert (p.status, p.end_reason, str(p.start_date)) == (Status.ENDED, "completed", "2024-09-01")
    assert list(p.status_changes.values_list("from_status", "to_status")) == [
        ("", "intake"),
        ("intake", "active"),
        ("active", "ended"),
    ]
    assert p.children.count() == 2
    assert p.children.filter(pk=child_pk).exists()
    assert str(p.debts.get().settled_on) == "2025-05-01"
    assert not p.measurements.exists()
    assert p.coach_assignments.get(ended_on__isnull=True).coach == coach


def test_coach_change_ends_the_current_assignment(tmp_path, coach):
    other = UserFactory(role=Role.COACH, email="other@example.org")
    import_file(write(tmp_path, document(participant(coach="coach@example.org"))))
    import_file(write(tmp_path, document(participant(coach="other@example.org")), "b.json"))
    p = Participant.objects.get(ref="T-1")
    assert p.coach_assignments.count() == 2
    assert p.coach_assignments.get(ended_on__isnull=True).coach == other


def test_all_or_nothing(tmp_path):
    good = participant("OK-1")
    bad = participant("BAD-1", debts=[{"creditor": "X", "amount": "abc", "registered_on": "x"}])
    path = write(tmp_path, document(good, bad))
    with pytest.raises(ExchangeInvalid) as info:
        import_file(path)
    paths = {p.path for p in info.value.problems}
    assert {"participants[1].debts[0].amount", "participants[1].debts[0].registered_on"} <= paths
    assert Participant.objects.count() == 0
    assert not Programme.objects.filter(code="test-prog").exists()


def test_failure_while_writing_rolls_everything_back(tmp_path, monkeypatch):
    from droomplan.exchange import services

    calls = {"n": 0}
    original = services._write_batch

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_write_batch", failing)
    path = write(tmp_path, document(*[participant(f"P-{i}") for i in range(5)]))
    with pytest.raises(RuntimeError):
        import_file(path, batch_size=2)
    assert Participant.objects.count() == 0


def test_batches_give_the_same_result(tmp_path):
    path = write(tmp_path, document(*[participant(f"P-{i:02d}") for i in range(7)]))
    import_file(path, batch_size=3)
    assert Participant.objects.count() == 7
    assert Debt.objects.count() == 7


def test_round_trip_export_import_export(tmp_path, coach):
    import_file(EXAMPLE)
    first = export_document(Programme.objects.get(code="droommoeders"))
    # Into a programme with no participants yet (a fresh installation would also have the
    # coach's account): every participant is created anew from the exported file.
    moved = copy.deepcopy(first)
    moved["programme"]["code"] = "elders"
    import_file(write(tmp_path, moved, "export.json"))
    assert Participant.objects.filter(programme__code="elders").count() == 3
    second = export_document(Programme.objects.get(code="elders"))
    second["programme"]["code"] = "droommoeders"
    assert second == first
    # and the exported document carries the facts of the example
    vb1 = next(p for p in first["participants"] if p["ref"] == "VB-1")
    original = next(p for p in example()["participants"] if p["ref"] == "VB-1")
    for key in ("children", "debts", "housing", "education", "work", "consents"):
        assert vb1[key] == original[key], key
    assert sorted(vb1["measurements"], key=json.dumps) == sorted(
        original["measurements"], key=json.dumps
    )
    assert vb1["coach"] == "coach@example.org"


def test_audit_one_entry_per_import_and_one_per_participant(tmp_path):
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    import_file(EXAMPLE, actor=lead)
    entries = AccessLogEntry.objects.filter(object_type="exchange_import")
    assert entries.count() == 1
    assert "3 new" in entries.get().detail
    per_case = AccessLogEntry.objects.filter(object_type="case", action=Action.CREATE)
    assert per_case.count() == 3
    assert set(per_case.values_list("username", flat=True)) == {lead.username}


def test_command_reports_every_problem_and_imports_nothing(tmp_path):
    doc = document(participant(debts=[{"creditor": "X", "amount": "1,5", "registered_on": "x"}]))
    path = write(tmp_path, doc)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_exchange", str(path), stderr=err, stdout=io.StringIO())
    text = err.getvalue()
    assert "participants[0].debts[0].amount:" in text
    assert "participants[0].debts[0].registered_on:" in text
    assert Participant.objects.count() == 0


def test_command_dry_run_and_import(tmp_path):
    out = io.StringIO()
    call_command("import_exchange", str(EXAMPLE), "--dry-run", stdout=out, stderr=io.StringIO())
    assert Participant.objects.count() == 0
    err = io.StringIO()
    call_command("import_exchange", str(EXAMPLE), "--progress", stdout=out, stderr=err)
    assert Participant.objects.count() == 3
    assert "3/3" in err.getvalue()


def test_export_command_writes_a_valid_document(tmp_path, coach):
    import_file(EXAMPLE)
    target = tmp_path / "out.json"
    call_command("export_exchange", str(target), stdout=io.StringIO())
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert [p["ref"] for p in doc["participants"]] == ["VB-1", "VB-2", "VB-3"]
    again = copy.deepcopy(doc)
    call_command("import_exchange", str(target), stdout=io.StringIO(), stderr=io.StringIO())
    call_command("export_exchange", str(target), stdout=io.StringIO())
    assert json.loads(target.read_text(encoding="utf-8")) == again


def test_export_command_logs_every_family_and_names_the_operating_system_user(tmp_path, coach):
    """Issue 13, item 5: a command-line export is in the access log like a download."""
    import getpass

    import_file(EXAMPLE)
    call_command("export_exchange", str(tmp_path / "out.json"), stdout=io.StringIO())
    entries = AccessLogEntry.objects.filter(object_type="exchange_export", action=Action.EXPORT)
    assert entries.filter(participant__isnull=False).count() == 3
    assert {e.username for e in entries} == {f"os:{getpass.getuser()}"}
    assert {e.user_id for e in entries} == {None}
    assert all("besturingssysteem" in e.user_display for e in entries)
    assert all(e.path.startswith("command: droomplan") for e in entries)


def test_export_command_names_the_actor_account(tmp_path, coach):
    import_file(EXAMPLE)
    lead = UserFactory(role=Role.PROGRAMME_LEAD, username="lead")
    call_command(
        "export_exchange", str(tmp_path / "o.json"), "--actor", "lead", stdout=io.StringIO()
    )
    entries = AccessLogEntry.objects.filter(object_type="exchange_export")
    assert entries.count() == 4 and {e.user_id for e in entries} == {lead.pk}
    assert {e.role for e in entries} == {"programme_lead"}
    with pytest.raises(CommandError, match="geen account 'niemand'"):
        call_command("export_exchange", str(tmp_path / "x.json"), "--actor", "niemand")
    lead.is_active = False
    lead.save()
    with pytest.raises(CommandError, match="niet actief"):
        call_command("export_exchange", str(tmp_path / "x.json"), "--actor", "lead")


def test_debts_get_a_route_history_like_the_lifedomains_service(tmp_path):
    import_file(EXAMPLE)
    settled = Debt.objects.get(creditor="Zorgverzekeraar")
    assert settled.route == "paid_off"
    assert [(c.route, str(c.date)) for c in settled.route_changes.all()] == [
        ("paid_off", "2025-11-01")
    ]
    open_debt = Debt.objects.get(creditor="Belastingdienst")
    assert open_debt.route == "inventory"
    assert [c.route for c in open_debt.route_changes.all()] == ["inventory"]
    # the file settles it later: paid off, one step more
    doc = example()
    doc["participants"][1]["debts"][0]["settled_on"] = "2025-12-01"
    import_file(write(tmp_path, doc))
    open_debt.refresh_from_db()
    assert open_debt.route == "paid_off"
    assert [c.route for c in open_debt.route_changes.order_by("pk")] == ["inventory", "paid_off"]
