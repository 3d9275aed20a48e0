"""Version 2 of the format: dreams, goals (also without a dream, also for a child), actions,
contacts (shared only with consent), dates kept, re-import by ref, and round trips."""

import copy
import datetime
import difflib
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.cases.models import Contact, Participant
from droomplan.exchange.export import export_document
from droomplan.exchange.services import ExchangeInvalid, import_file
from droomplan.plans.models import Action, Dream, Goal, GoalStatus, GoalStatusChange
from droomplan.programmes.models import Programme

from .helpers import EXAMPLE, document, participant, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach(db):
    return UserFactory(role=Role.COACH, email="coach@example.org", username="coach-v2")


@pytest.fixture
def lead(db):
    return UserFactory(role=Role.PROGRAMME_LEAD, email="lead@example.org", username="lead-v2")


CONSENT = {
    "organisation": "kredietbank",
    "scopes": ["finances"],
    "given_on": "2024-09-01",
    "expires_on": "2026-09-01",
    "withdrawn_on": None,
}


def plan(**overrides) -> dict:
    data = {
        "debt_inventory_on": "2024-09-10",
        "consents": [CONSENT],
        "measurements": [
            {
                "instrument": "participatieladder",
                "taken_on": "2024-09-08",
                "answers": {"rung": 2},
                "version": "1",
                "filled_in_by": "participant",
            }
        ],
        "dreams": [
            {
                "ref": "d1",
                "text": "Een eigen huis voor Noah en mij",
                "created_on": "2024-09-05",
                "goals": [
                    {
                        "ref": "g1",
                        "title": "Schulden op een rij",
                        "domain": "finances",
                        "child": None,
                        "status": "achieved",
                        "status_reason": None,
                        "created_on": "2024-09-05",
                        "target_date": "2025-03-01",
                        "status_changed_on": "2025-02-10",
                        "actions": [
                            {
                                "ref": "a1",
                                "description": "Afspraak bij de Kredietbank",
                                "owner": "partner",
                                "organisation": "kredietbank",
                                "created_on": "2024-09-05",
                                "due_date": "2024-10-01",
                                "done_on": "2024-09-20",
                            }
                        ],
                        "notes": [
                            {
                                "ref": "n1",
                                "written_at": "2024-09-21T19:30:00+02:00",
                                "went_well": "De afspraak bij de Kredietbank ging goed.",
                                "difficult": "",
                                "by": "participant",
                            },
                            {
                                "ref": "n2",
                                "written_at": "2024-10-02T10:05:00+02:00",
                                "went_well": "",
                                "difficult": "Alle brieven openmaken blijft lastig.",
                                "by": "coach@example.org",
                            },
                        ],
                    }
                ],
            }
        ],
        "goals": [
            {
                "ref": "g2",
                "title": "Noah naar de peuteropvang",
                "domain": "children",
                "child": 0,
                "status": "open",
                "status_reason": None,
                "created_on": "2024-10-01",
                "target_date": None,
                "status_changed_on": None,
                "actions": [],
                "notes": [],
            }
        ],
        "contacts": [
            {
                "ref": "c1",
                "date": "2024-09-10",
                "kind": "home_visit",
                "duration_minutes": 60,
                "note": "Kennismaking thuis.",
                "domain": "finances",
                "author": "coach@example.org",
                "shared_with": ["kredietbank"],
            },
            {
                "ref": "c2",
                "date": "2024-08-20",
                "kind": "phone",
                "duration_minutes": 10,
                "note": "Afspraak gemaakt.",
                "domain": None,
                "author": None,
                "shared_with": [],
            },
        ],
    }
    data.update(overrides)
    return data


def v2_document(**overrides) -> dict:
    return document(participant(**plan(**overrides)), version=2)


def test_plan_and_contacts_are_imported_with_their_own_dates(tmp_path, coach, lead):
    import_file(write(tmp_path, v2_document()), actor=lead)
    p = Participant.objects.get(ref="T-1")
    dream = Dream.objects.get(participant=p)
    assert timezone.localtime(dream.created_at).date() == datetime.date(2024, 9, 5)
    g1 = Goal.objects.get(exchange_ref="g1")
    assert (g1.dream, g1.status) == (dream, GoalStatus.ACHIEVED)
    assert timezone.localtime(g1.created_at).date() == datetime.date(2024, 9, 5)
    history = list(GoalStatusChange.objects.filter(goal=g1).values_list("from_status", "to_status"))
    assert history == [("", "open"), ("open", "achieved")]
    changed = GoalStatusChange.objects.get(goal=g1, to_status="achieved").created_at
    assert timezone.localtime(changed).date() == datetime.date(2025, 2, 10)
    g2 = Goal.objects.get(exchange_ref="g2")
    assert g2.dream is None and g2.child.given_name == "Noah"
    action = Action.objects.get()
    assert action.organisation.code == "kredietbank" and action.done_on == datetime.date(
        2024, 9, 20
    )
    c1 = Contact.objects.get(exchange_ref="c1")
    assert c1.author == coach and [o.code for o in c1.shared_with.all()] == ["kredietbank"]
    assert Contact.objects.get(exchange_ref="c2").author == lead  # no author: the importer


def test_reimport_changes_nothing_and_updates_by_ref(tmp_path, coach, lead):
    doc = v2_document()
    import_file(write(tmp_path, doc), actor=lead)
    before = export_document(Programme.objects.get(code="test-prog"))
    ids = sorted(Goal.objects.values_list("pk", flat=True))
    import_file(write(tmp_path, doc), actor=lead)
    assert export_document(Programme.objects.get(code="test-prog")) == before
    assert sorted(Goal.objects.values_list("pk", flat=True)) == ids
    assert (Dream.objects.count(), Action.objects.count(), Contact.objects.count()) == (1, 1, 2)
    # a changed title with the same ref updates the goal; a removed contact is removed
    changed = copy.deepcopy(doc)
    p = changed["participants"][0]
    p["goals"][0]["title"] = "Noah naar de kinderopvang"
    p["contacts"] = p["contacts"][:1]
    import_file(write(tmp_path, changed), actor=lead)
    assert sorted(Goal.objects.values_list("pk", flat=True)) == ids
    assert Goal.objects.get(exchange_ref="g2").title == "Noah naar de kinderopvang"
    assert Contact.objects.count() == 1


def test_reimport_matches_what_a_note_is_shared_with(tmp_path, coach, lead):
    doc = v2_document()
    import_file(write(tmp_path, doc), actor=lead)
    c1 = Contact.objects.get(exchange_ref="c1")
    links = Contact.shared_with.through.objects.filter(contact=c1)
    link_ids = list(links.values_list("pk", flat=True))
    import_file(write(tmp_path, doc), actor=lead)
    # The same sharing: the note and its link are left alone (not written again).
    assert Contact.objects.get(pk=c1.pk).version == c1.version
    assert list(links.values_list("pk", flat=True)) == link_ids
    unshared = copy.deepcopy(doc)
    unshared["participants"][0]["contacts"][0]["shared_with"] = []
    import_file(write(tmp_path, unshared), actor=lead)
    assert Contact.objects.get(exchange_ref="c1").pk == c1.pk
    assert not links.exists()
    import_file(write(tmp_path, doc), actor=lead)
    assert [o.code for o in Contact.objects.get(pk=c1.pk).shared_with.all()] == ["kredietbank"]


def test_a_version_1_record_leaves_the_plan_alone(tmp_path, coach, lead):
    import_file(write(tmp_path, v2_document()), actor=lead)
    import_file(write(tmp_path, document(participant())), actor=lead)
    assert (Goal.objects.count(), Contact.objects.count()) == (2, 2)


def test_sharing_needs_a_valid_consent_in_the_same_document(tmp_path, coach, lead):
    contact = plan()["contacts"][0]
    before = {**contact, "date": "2024-08-25"}  # before the consent was given
    other = {**contact, "ref": "c9", "shared_with": ["mik"]}
    doc = v2_document(contacts=[before, other])
    doc["organisations"].append({"code": "mik", "name": "MIK", "kind": "childcare"})
    with pytest.raises(ExchangeInvalid) as exc:
        import_file(write(tmp_path, doc), actor=lead)
    paths = [p.path for p in exc.value.problems]
    assert paths == [
        "participants[0].contacts[0].shared_with[0]",
        "participants[0].contacts[1].shared_with[0]",
    ]
    assert "no valid consent" in exc.value.problems[0].message
    assert not Participant.objects.exists()


def test_plan_rules(tmp_path, lead):
    data = plan()
    goal = data["goals"][0]
    goal["child"] = 3
    goal["status_changed_on"] = "2024-10-02"  # an open goal has no status change date
    action = data["dreams"][0]["goals"][0]["actions"][0]
    action["organisation"] = None
    data["contacts"][0]["kind"] = "letter"
    data["contacts"][1]["ref"] = "c1"
    doc = document(participant(**data), version=2)
    with pytest.raises(ExchangeInvalid) as exc:
        import_file(write(tmp_path, doc), actor=lead)
    paths = sorted(p.path for p in exc.value.problems)
    assert paths == [
        "participants[0].contacts[0].kind",
        "participants[0].contacts[1].ref",
        "participants[0].dreams[0].goals[0].actions[0].organisation",
        "participants[0].goals[0].child",
        "participants[0].goals[0].status_changed_on",
    ]


def test_version_1_documents_may_not_use_version_2_fields(tmp_path, lead):
    doc = document(participant(**plan()), version=1)
    with pytest.raises(ExchangeInvalid) as exc:
        import_file(write(tmp_path, doc), actor=lead)
    assert {p.path for p in exc.value.problems} == {
        f"participants[0].{key}" for key in ("debt_inventory_on", "dreams", "goals", "contacts")
    }


def test_export_writes_version_2_and_round_trips(tmp_path, coach, lead):
    import_file(write(tmp_path, v2_document()), actor=lead)
    first = export_document(Programme.objects.get(code="test-prog"))
    assert first["version"] == 2
    exported = first["participants"][0]
    wanted = plan()
    wanted["contacts"][1]["author"] = "lead@example.org"  # the importer became the author
    assert exported["debt_inventory_on"] == "2024-09-10"
    assert exported["measurements"] == wanted["measurements"]
    for key in ("dreams", "goals", "contacts"):
        assert exported[key] == sorted(wanted[key], key=lambda d: d.get("created_on") or d["date"])
    moved = copy.deepcopy(first)
    moved["programme"]["code"] = "elders"
    import_file(write(tmp_path, moved, "moved.json"), actor=lead)
    second = export_document(Programme.objects.get(code="elders"))
    second["programme"]["code"] = "test-prog"
    assert second == first


def test_unknown_instrument_version(tmp_path, lead):
    data = plan()
    data["measurements"][0]["version"] = "9"
    with pytest.raises(ExchangeInvalid) as exc:
        import_file(write(tmp_path, document(participant(**data), version=2)), actor=lead)
    assert [p.path for p in exc.value.problems] == ["participants[0].measurements[0].version"]


def test_the_example_still_imports(coach):
    assert import_file(EXAMPLE).created == 3


def test_demo_programme_round_trips_with_plans_and_contacts(tmp_path):
    call_command("demo_data", stdout=StringIO())
    lead = UserFactory(role=Role.PROGRAMME_LEAD, username="lead-elders")
    programme = Programme.objects.get(code="droommoeders")
    first = export_document(programme)
    assert sum(len(p["contacts"]) for p in first["participants"]) > 0
    assert sum(len(p["dreams"]) + len(p["goals"]) for p in first["participants"]) > 0
    # Into an empty programme elsewhere (the staff accounts exist there too).
    moved = copy.deepcopy(first)
    moved["programme"]["code"] = "elders"
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(moved), encoding="utf-8")
    try:
        import_file(path, actor=lead)
    except ExchangeInvalid as exc:
        raise AssertionError([str(p) for p in exc.problems[:10]]) from None
    second = export_document(Programme.objects.get(code="elders"))
    second["programme"]["code"] = "droommoeders"
    for a, b in zip(first["participants"], second["participants"], strict=True):
        for key in a:
            left, right = json.dumps(a[key], indent=1), json.dumps(b[key], indent=1)
            diff = "\n".join(difflib.unified_diff(left.splitlines(), right.splitlines()))
            assert left == right, f"{a['ref']} {key}\n{diff}"
    assert second == first
