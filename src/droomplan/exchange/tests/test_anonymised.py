"""Anonymisation is final: no exchange document brings a name back into an anonymised file,
and a file that was anonymised is never created again (issue 13, item 4)."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from droomplan.access import retention
from droomplan.audit.models import AccessLogEntry, RetentionRecord
from droomplan.cases.models import Child, Participant
from droomplan.exchange.services import ExchangeInvalid, import_file, preview_file
from droomplan.lifedomains.models import Debt

from .helpers import document, participant, write

pytestmark = pytest.mark.django_db

ENDED = {"end_date": "2024-12-01", "end_reason": "moved"}


@pytest.fixture
def older_document(tmp_path):
    """A document taken before the file was anonymised: her name and birth date are in it."""
    return write(tmp_path, document(participant("T-1", **ENDED), participant("T-2")))


@pytest.fixture
def anonymised(older_document):
    import_file(older_document)
    mother = Participant.objects.get(ref="T-1")
    retention.anonymise_participant(mother, today=datetime.date(2027, 1, 1))
    mother.refresh_from_db()
    assert mother.given_name == "Geanonimiseerd"
    return mother


def _snapshot(mother):
    mother.refresh_from_db()
    return (
        mother.given_name,
        mother.family_name,
        mother.birth_date,
        list(Child.objects.filter(participant=mother).values_list("given_name", "birth_date")),
        Debt.objects.filter(participant=mother).count(),
    )


def test_reimporting_an_older_document_changes_nothing_and_names_her(anonymised, older_document):
    before = _snapshot(anonymised)
    t2_before = Participant.objects.get(ref="T-2").updated_at
    with pytest.raises(ExchangeInvalid) as info:
        import_file(older_document)
    [problem] = info.value.problems
    assert problem.path == "participants[0].ref"
    with translation.override("nl"):
        assert "T-1" in str(problem) and "geanonimiseerd" in str(problem)
    assert _snapshot(anonymised) == before
    assert "Sara" not in {p.given_name for p in Participant.objects.filter(ref="T-1")}
    assert Participant.objects.get(ref="T-2").updated_at == t2_before  # nothing imported


def test_the_preview_reports_it(anonymised, older_document):
    preview = preview_file(older_document)
    assert not preview.is_valid
    assert [p.path for p in preview.errors] == ["participants[0].ref"]


def test_the_command_refuses_with_a_dutch_message(anonymised, older_document, capsys):
    with translation.override("nl"), pytest.raises(CommandError):
        call_command("import_exchange", str(older_document))
    err = capsys.readouterr().err
    assert "participants[0].ref" in err and "T-1" in err and "geanonimiseerd" in err
    assert _snapshot(anonymised)[0] == "Geanonimiseerd"


def test_an_anonymised_file_is_never_created_again(anonymised, tmp_path):
    """Even when her row is gone (a restore of an older backup, a deletion at database level),
    the retention record keeps her case number closed."""
    RetentionRecord.objects.create(
        participant_ref="T-9",
        programme=anonymised.programme,
        ended_on=datetime.date(2023, 1, 1),
        anonymised_on=datetime.date(2025, 1, 2),
    )
    path = write(tmp_path, document(participant("T-9", **ENDED)), "again.json")
    with pytest.raises(ExchangeInvalid) as info:
        import_file(path)
    assert [p.path for p in info.value.problems] == ["participants[0].ref"]
    assert not Participant.objects.filter(ref="T-9").exists()


def test_other_files_import_as_before(anonymised, tmp_path):
    path = write(tmp_path, document(participant("T-2", given_name="Sanne")), "other.json")
    result = import_file(path)
    assert (result.created, result.updated) == (0, 1)
    assert Participant.objects.get(ref="T-2").given_name == "Sanne"
    assert AccessLogEntry.objects.filter(object_type="exchange_import").count() == 2


def test_the_writer_refuses_too_when_she_was_anonymised_after_the_check(
    anonymised, older_document, monkeypatch
):
    """Between the check and the import (the preview page, then "Nu importeren") her file may
    be anonymised: the writer checks again, in the import's transaction."""
    from droomplan.exchange.selectors import DatabaseLookup

    monkeypatch.setattr(DatabaseLookup, "anonymised_refs", lambda self, code, refs: set())
    before = _snapshot(anonymised)
    with pytest.raises(ExchangeInvalid) as info:
        import_file(older_document)
    assert "T-1" in str(info.value.problems[0])
    assert _snapshot(anonymised) == before
