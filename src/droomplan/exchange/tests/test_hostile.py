"""Hostile exchange documents (issue 13, item 12): deep nesting, huge or impossible numbers,
wrong container types and impossible dates get a clear Dutch message, never a 500; a failed
upload leaves no file behind."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.exchange import services
from droomplan.exchange.models import ExchangeUpload, UploadStatus

from .helpers import document, participant
from .test_validation import problems_of

WORK = {"kind": "paid", "employer": "Bakkerij", "started_on": "2024-01-01", "ended_on": None}
LADDER = {"instrument": "participatieladder", "taken_on": "2024-09-08"}

UNREADABLE = {
    "deep nesting": ('{"format": ' + "[" * 100_000 + "]" * 100_000 + "}", "te diep"),
    "deep participant": ('{"participants": [' + "[" * 50_000 + "]" * 50_000 + "]}", "te diep"),
    "nesting below the recursion limit": (
        '{"participants": [{"measurements": [{"answers": ' + "[" * 200 + "]" * 200 + "}]}]}",
        "te diep",
    ),
    "a 5,000-digit integer": ('{"version": ' + "9" * 5000 + "}", "te veel cijfers"),
    "a huge integer in a participant": (
        '{"participants": [{"ref": 1' + "0" * 5000 + "}]}",
        "te veel cijfers",
    ),
    "Infinity": ('{"version": Infinity}', "geen JSON-getal"),
    "NaN": ('{"participants": [{"work": [{"hours_per_week": NaN}]}]}', "geen JSON-getal"),
    "a float beyond the range": ('{"version": 1e999999}', "geen JSON-getal"),
}


@pytest.mark.parametrize("name", list(UNREADABLE))
def test_unreadable_documents_get_one_clear_dutch_message(name):
    text, dutch = UNREADABLE[name]
    with translation.override("nl"):
        found = problems_of(text)
    assert list(found) == [""], found
    with translation.override("nl"):
        import io

        from droomplan.exchange.validation import EmptyLookup, validate_stream

        validator = validate_stream(io.StringIO(text), EmptyLookup())
        (problem,) = validator.errors
        assert dutch in str(problem), str(problem)


WRONG = {
    "children an object": (participant(children={"a": 1}), {"participants[0].children"}),
    "a child a list": (participant(children=[[1]]), {"participants[0].children[0]"}),
    "answers a list": (
        participant(measurements=[{**LADDER, "answers": [1, 2]}]),
        {"participants[0].measurements[0].answers"},
    ),
    "an answer nested": (
        participant(measurements=[{**LADDER, "answers": {"rung": {"a": [1]}}}]),
        {"participants[0].measurements[0].answers.rung"},
    ),
    "a huge answer": (
        participant(measurements=[{**LADDER, "answers": {"rung": 10**300}}]),
        {"participants[0].measurements[0].answers.rung"},
    ),
    "huge hours": (
        participant(work=[{**WORK, "hours_per_week": 10**300}]),
        {"participants[0].work[0].hours_per_week"},
    ),
    "huge float hours": (
        participant(work=[{**WORK, "hours_per_week": 1e300}]),
        {"participants[0].work[0].hours_per_week"},
    ),
    "a ref that is a number": (participant(ref=10**300), {"participants[0].ref"}),
    "scopes an object": (
        participant(
            consents=[{"organisation": "kredietbank", "scopes": {"a": 1}, "given_on": "2024-01-01"}]
        ),
        {"participants[0].consents[0].scopes"},
    ),
    "born in year 1": (participant(birth_date="0001-01-01"), {"participants[0].birth_date"}),
    "born in 1899": (participant(birth_date="1899-12-31"), {"participants[0].birth_date"}),
    "a child born in 1800": (
        participant(children=[{"given_name": "Noah", "birth_date": "1800-02-03"}]),
        {"participants[0].children[0].birth_date"},
    ),
    "a debt in year 9999": (
        participant(debts=[{"creditor": "X", "amount": "1.00", "registered_on": "9999-12-31"}]),
        {"participants[0].debts[0].registered_on"},
    ),
    "a debt in 1850": (
        participant(debts=[{"creditor": "X", "amount": "1.00", "registered_on": "1850-01-01"}]),
        {"participants[0].debts[0].registered_on"},
    ),
}


@pytest.mark.parametrize("name", list(WRONG))
def test_wrong_types_and_impossible_values_are_problems_at_their_place(name):
    doc, paths = WRONG[name]
    found = problems_of(document(doc))
    assert paths <= set(found), found


def test_the_date_rule_is_the_one_in_core():
    found = problems_of(document(participant(birth_date="1899-12-31")))
    assert found["participants[0].birth_date"] == (
        "a date before 1900 is not possible here; check the year"
    )
    with translation.override("nl"):
        from droomplan.core.dates import BEFORE_EARLIEST

        assert "1900" in translation.gettext(BEFORE_EARLIEST)
        assert translation.gettext(BEFORE_EARLIEST) != BEFORE_EARLIEST


# --- through the upload page -------------------------------------------------------------------


@pytest.fixture
def lead(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    user = UserFactory(role=Role.PROGRAMME_LEAD, username="lead-hostile")
    client.force_login(user)
    return user


def post(client, content: bytes):
    return client.post(
        reverse("exchange:upload"),
        {"file": SimpleUploadedFile("data.json", content)},
        follow=True,
    )


@pytest.mark.parametrize("name", ["deep nesting", "a 5,000-digit integer", "NaN"])
def test_hostile_uploads_get_a_dutch_message_and_leave_no_file(client, lead, name):
    text, dutch = UNREADABLE[name]
    response = post(client, text.encode())
    assert response.status_code == 200
    page = response.content.decode()
    assert dutch in page and "Er is niets geïmporteerd" in page
    assert ExchangeUpload.objects.get().status == UploadStatus.INVALID
    assert list(services.upload_dir().iterdir()) == []


def test_wrong_containers_through_the_upload_page(client, lead):
    doc = document(participant(children={"a": 1}, work=[{**WORK, "hours_per_week": 10**300}]))
    response = post(client, json.dumps(doc).encode())
    assert response.status_code == 200
    assert "participants[0].children" in response.content.decode()
    assert list(services.upload_dir().iterdir()) == []


def test_an_upload_that_fails_half_way_leaves_no_file(client, lead, monkeypatch):
    def broken(path, **kwargs):
        assert path.is_file()  # the file was written ...
        raise OSError("disk full")

    monkeypatch.setattr(services, "preview_file", broken)
    with pytest.raises(OSError):
        post(client, json.dumps(document()).encode())
    assert list(services.upload_dir().iterdir()) == []  # ... and is gone again
    assert ExchangeUpload.objects.count() == 0
