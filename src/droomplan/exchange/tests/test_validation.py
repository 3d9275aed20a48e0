"""Every kind of problem the validator reports, with its JSON path (no database needed for the
rules themselves; codes come from an in-memory lookup)."""

import datetime
import io
import json

import pytest
from django.utils import translation

from droomplan.exchange.reader import DocumentError, read_events
from droomplan.exchange.validation import EmptyLookup, validate_stream

from .helpers import document, example, participant

TODAY = datetime.date(2026, 1, 15)
LOOKUP = EmptyLookup(municipalities={"GM0935", "GM0938", "GM0981"})


def problems_of(doc, lookup=LOOKUP, chunk=None) -> dict[str, str]:
    text = doc if isinstance(doc, str) else json.dumps(doc)
    with translation.override("en"):
        validator = validate_stream(io.StringIO(text), lookup, today=TODAY)
        return {p.path: p.text for p in validator.errors}


def only(doc, **kw):
    found = problems_of(doc, **kw)
    return found


def test_example_is_valid():
    assert problems_of(example()) == {}


def test_minimal_document_is_valid():
    assert problems_of(document()) == {}


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"given_name": 3}, "participants[0].given_name", "not text"),
        ({"given_name": "  "}, "participants[0].given_name", "must not be empty"),
        ({"birth_date": "14-05-2001"}, "participants[0].birth_date", "not a date (YYYY-MM-DD)"),
        ({"birth_date": "2001-02-30"}, "participants[0].birth_date", "not an existing date"),
        ({"single_parent": "yes"}, "participants[0].single_parent", "must be true or false"),
        ({"municipality": "0935"}, "participants[0].municipality", "not a CBS municipality"),
        ({"municipality": "GM9999"}, "participants[0].municipality", "unknown municipality"),
        ({"cohort": "groep-9"}, "participants[0].cohort", "unknown cohort code groep-9"),
        ({"ref": None}, "participants[0].ref", "required"),
        ({"nickname": "S"}, "participants[0].nickname", "unknown field"),
        ({"start_date": "2024-08-01"}, "participants[0].start_date", "before the intake date"),
        (
            {"end_date": "2024-08-25", "end_reason": "moved"},
            "participants[0].end_date",
            "ends before it started",
        ),
        ({"end_reason": "moved"}, "participants[0].end_reason", "needs an end date"),
        ({"end_date": "2025-01-01"}, "participants[0].end_reason", "required when"),
        ({"end_date": "2025-01-01", "end_reason": "bored"}, "participants[0].end_reason", "one of"),
        ({"coach": "not-an-email"}, "participants[0].coach", "not an e-mail address"),
        ({"children": {}}, "participants[0].children", "must be a list"),
        ({"children": [{"given_name": "A"}]}, "participants[0].children[0].birth_date", "required"),
    ],
)
def test_participant_problems(change, path, message):
    found = problems_of(document(participant(**change)))
    assert path in found, found
    assert message in found[path]


DEBT = {"creditor": "CJIB", "amount": "10.00", "registered_on": "2024-09-10", "settled_on": None}


@pytest.mark.parametrize(
    ("debt", "path", "message"),
    [
        ({"amount": "12,50"}, "amount", "not a decimal"),
        ({"amount": 12.5}, "amount", "not a decimal"),
        ({"amount": "1.234"}, "amount", "not a decimal"),
        ({"amount": "-5.00"}, "amount", "must not be negative"),
        ({"amount": "0.00"}, "amount", "more than"),
        ({"settled_on": "2024-09-01"}, "settled_on", "settled before it was registered"),
        ({"registered_on": "2030-01-01"}, "registered_on", "future"),
        ({"interest": "1"}, "interest", "unknown field"),
    ],
)
def test_debt_problems(debt, path, message):
    found = problems_of(document(participant(debts=[{**DEBT, **debt}])))
    key = f"participants[0].debts[0].{path}"
    assert key in found, found
    assert message in found[key]


def test_other_lists_reuse_the_domain_rules():
    p = participant(
        education=[
            {
                "name": "MBO",
                "level": "mbo-2",
                "started_on": "2025-01-01",
                "completed_on": "2024-06-01",
                "stopped_on": None,
            }
        ],
        work=[
            {
                "kind": "job",
                "employer": "X",
                "started_on": "2025-01-01",
                "ended_on": None,
                "hours_per_week": 16,
            },
            {
                "kind": "paid",
                "employer": "X",
                "started_on": "2025-01-01",
                "ended_on": "2024-01-01",
                "hours_per_week": 99,
            },
        ],
        housing=[{"date": "2024-09-01", "adequate": "ja", "situation": ""}],
        consents=[
            {
                "organisation": "onbekend",
                "scopes": ["money"],
                "given_on": "2024-09-01",
                "expires_on": "2024-01-01",
                "withdrawn_on": None,
            }
        ],
    )
    found = problems_of(document(p))
    base = "participants[0]"
    assert "before it started" in found[f"{base}.education[0].completed_on"]
    assert "one of" in found[f"{base}.work[0].kind"]
    assert "before the start date" in found[f"{base}.work[1].ended_on"]
    assert "60" in found[f"{base}.work[1].hours_per_week"]
    assert "true or false" in found[f"{base}.housing[0].adequate"]
    assert "unknown life domain" in found[f"{base}.consents[0].scopes"]
    assert "before" in found[f"{base}.consents[0].expires_on"]
    assert "unknown organisation code onbekend" in found[f"{base}.consents[0].organisation"]


def test_measurement_problems():
    p = participant(
        measurements=[
            {"instrument": "pss-10", "taken_on": "2024-09-08", "answers": {"1": 3}},
            {"instrument": "participatieladder", "taken_on": "2024-09-08", "answers": {"rung": 9}},
            {"instrument": "brug", "taken_on": "2024-09-08", "answers": {"x": 1}},
            {"instrument": "iq", "taken_on": "2024-09-08", "answers": {}},
            {
                "instrument": "participatieladder",
                "taken_on": "2024-09-08",
                "answers": {"rung": "2"},
            },
            {"instrument": "participatieladder", "taken_on": "2024-01-01", "answers": {"rung": 2}},
        ]
    )
    found = problems_of(document(p))
    m = "participants[0].measurements"
    assert found[f"{m}[0].answers.2"] == "missing answer"
    assert "between 1 and 6" in found[f"{m}[1].answers.rung"]
    assert "not part of" in found[f"{m}[2].answers.x"]
    assert "unknown instrument" in found[f"{m}[3].instrument"]
    assert found[f"{m}[4].answers.rung"] == "not a whole number"
    assert "before the intake" in found[f"{m}[5].taken_on"]


def test_duplicate_refs_and_codes():
    doc = document(participant("A"), participant("A"))
    doc["cohorts"].append(dict(doc["cohorts"][0]))
    found = problems_of(doc)
    assert "appears twice" in found["participants[1].ref"]
    assert "appears twice" in found["cohorts[1].code"]


def test_document_level_problems():
    doc = document(format="other", version=3, extra=1)
    doc["organisations"][0]["kind"] = "bank"
    del doc["programme"]
    found = problems_of(doc)
    assert "droomplan-exchange" in found["format"]
    assert "version" in found["version"]
    assert found["extra"] == "unknown field"
    assert found["programme"] == "required"
    assert "one of" in found["organisations[0].kind"]


def test_codes_may_come_from_the_database_or_later_in_the_file():
    doc = document(participant(cohort="oud", consents=[]))
    assert "participants[0].cohort" in problems_of(doc)
    lookup = EmptyLookup(municipalities={"GM0935"}, cohorts={"oud"})
    assert problems_of(doc, lookup=lookup) == {}
    # participants before cohorts in the file: still resolved
    doc = document()
    reordered = {"participants": doc.pop("participants"), **doc}
    assert problems_of(reordered) == {}


def test_unknown_coach_is_a_warning_not_an_error():
    doc = document(participant(coach="Nobody@Example.org"))
    validator = validate_stream(io.StringIO(json.dumps(doc)), LOOKUP, today=TODAY)
    assert validator.errors == []
    assert [w.path for w in validator.warnings] == ["participants[0].coach"]
    lookup = EmptyLookup(municipalities={"GM0935"}, coaches={"nobody@example.org"})
    validator = validate_stream(io.StringIO(json.dumps(doc)), lookup, today=TODAY)
    assert validator.problems == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("[1, 2]", "JSON object"),
        ('{"format": "droomplan-exchange",', "ends too early"),
        ('{"format": }', "not valid JSON"),
        ('{"a": 1} x', "not valid JSON"),
        ("\x00\x01binary", "not a text file"),
    ],
)
def test_unreadable_documents(text, message):
    found = problems_of(text)
    assert list(found) == [""]
    assert message in found[""]


def test_not_utf8():
    stream = io.TextIOWrapper(io.BytesIO(b'{"a": "\xff\xfe"}'), encoding="utf-8")
    with pytest.raises(DocumentError):
        list(read_events(stream))


def test_reader_streams_participants_across_small_chunks():
    doc = document(*[participant(f"R-{i}") for i in range(30)])
    events = list(read_events(io.StringIO(json.dumps(doc)), chunk=7))
    refs = [v["ref"] for e, _i, v in events if e == "participant"]
    assert refs == [f"R-{i}" for i in range(30)]
    assert problems_of(json.dumps(doc)) == {}


def test_messages_are_dutch_by_default():
    doc = document(participant(debts=[{**DEBT, "amount": "-1.00"}]))
    with translation.override("nl"):
        validator = validate_stream(io.StringIO(json.dumps(doc)), LOOKUP, today=TODAY)
        texts = [str(p) for p in validator.errors]
    assert texts == ["participants[0].debts[0].amount: mag niet negatief zijn"]


def test_the_demo_document_is_valid():
    from droomplan.accounts.demo import ORGANISATIONS
    from droomplan.exchange.demo_document import build
    from droomplan.programmes.demo import COHORTS

    codes = {"GM0935", "GM0938", "GM0981", "GM0994", "GM1729", "GM1903"}
    doc, extras = build(today=TODAY, organisations=ORGANISATIONS, cohorts=COHORTS)
    lookup = EmptyLookup(
        municipalities=codes,
        coaches={"coach.trajekt@demo.droomplan.nl", "coach.bjz@demo.droomplan.nl"},
    )
    assert problems_of(doc, lookup=lookup) == {}
    assert [p["ref"] for p in doc["participants"]] == [f"DM-{n:04d}" for n in range(1, 24)]
    assert set(extras) == {p["ref"] for p in doc["participants"]}
