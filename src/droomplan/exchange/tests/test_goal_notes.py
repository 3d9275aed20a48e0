"""Her notes on a goal (plans.GoalNote, "Ging goed / Is lastig" in her portal) move with the
file: a goal's `notes` in version 2 (this installation's addition), validated, imported with
their own moment and matched on `ref`, exported, counted in the preview and logged."""

import copy
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation

from droomplan.audit.models import AccessLogEntry, Action
from droomplan.exchange.export import export_document
from droomplan.exchange.models import ExchangeUpload
from droomplan.exchange.services import import_file
from droomplan.exchange.validation import EmptyLookup, validate_stream
from droomplan.plans.models import GoalNote
from droomplan.programmes.models import Programme

from .helpers import write
from .test_version2 import coach, lead, v2_document  # noqa: F401 (fixtures)
from .test_views import _private_media, upload  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def _notes(doc) -> list[dict]:
    return doc["participants"][0]["dreams"][0]["goals"][0]["notes"]


def test_notes_are_imported_with_their_moment_writer_and_ref(tmp_path, coach, lead):  # noqa: F811
    result = import_file(write(tmp_path, v2_document()), actor=lead)
    assert result.counts["goal_notes"] == 2
    n1, n2 = GoalNote.objects.get(exchange_ref="n1"), GoalNote.objects.get(exchange_ref="n2")
    assert n1.goal.exchange_ref == "g1" and n1.went_well.startswith("De afspraak")
    assert n1.created_at == datetime.datetime(2024, 9, 21, 17, 30, tzinfo=UTC)
    assert n1.written_by is None  # hers, and she has no login here
    assert n2.written_by == coach and n2.difficult and not n2.went_well


def test_importing_twice_changes_nothing_and_a_ref_matches(tmp_path, coach, lead):  # noqa: F811
    doc = v2_document()
    import_file(write(tmp_path, doc), actor=lead)
    programme = Programme.objects.get(code="test-prog")
    before = export_document(programme)
    ids = sorted(GoalNote.objects.values_list("pk", flat=True))
    import_file(write(tmp_path, doc), actor=lead)
    assert sorted(GoalNote.objects.values_list("pk", flat=True)) == ids
    assert export_document(programme) == before
    # The same ref with another text updates the note; a note the file no longer has goes.
    changed = copy.deepcopy(doc)
    _notes(changed)[0]["went_well"] = "Het gesprek ging goed."
    del _notes(changed)[1]
    import_file(write(tmp_path, changed), actor=lead)
    assert list(GoalNote.objects.values_list("pk", "went_well")) == [
        (ids[0], "Het gesprek ging goed.")
    ]
    # A goal without `notes` (a spreadsheet, an older file) keeps its notes.
    del changed["participants"][0]["dreams"][0]["goals"][0]["notes"]
    import_file(write(tmp_path, changed), actor=lead)
    assert GoalNote.objects.count() == 1


def test_export_writes_the_notes_of_a_goal(tmp_path, coach, lead):  # noqa: F811
    doc = v2_document()
    import_file(write(tmp_path, doc), actor=lead)
    exported = export_document(Programme.objects.get(code="test-prog"))
    assert _notes(exported) == _notes(doc)
    assert exported["participants"][0]["goals"][0]["notes"] == []


LOOKUP = EmptyLookup(municipalities={"GM0935"}, organisations={"kredietbank"})


def _problems(doc, language="en") -> dict[str, str]:
    with translation.override(language):
        validator = validate_stream(
            io.StringIO(json.dumps(doc)), LOOKUP, today=datetime.date(2026, 1, 15)
        )
        return {p.path: p.text for p in validator.errors if ".notes[" in p.path}


def test_note_problems_are_named():
    doc = v2_document()
    notes = _notes(doc)
    notes[0].update(went_well="", difficult="")
    notes[1].update(written_at="gisteren", by="iemand")
    notes.append({**notes[1], "written_at": "2024-10-03T09:00", "by": "participant"})
    notes.append({"ref": "n3", "written_at": "2024-10-04", "went_well": "x" * 501})
    notes.append({"ref": "n4", "written_at": "2026-01-16T09:00:00+01:00", "went_well": "Later."})
    base = "participants[0].dreams[0].goals[0].notes"
    assert _problems(doc) == {
        f"{base}[0].went_well": "a note says what went well or what is hard (or both)",
        f"{base}[1].written_at": "not a date and time (YYYY-MM-DDTHH:MM:SS+01:00)",
        f"{base}[1].by": "must be participant or the e-mail address of a staff member",
        f"{base}[2].ref": "this ref appears twice in the file",
        f"{base}[3].written_at": "not a date and time (YYYY-MM-DDTHH:MM:SS+01:00)",
        f"{base}[3].went_well": "longer than 500 characters",
        f"{base}[4].written_at": "is in the future",
    }
    assert _problems(doc, "nl")[f"{base}[0].went_well"] == (
        "een notitie zegt wat goed ging of wat lastig is (of allebei)"
    )


def test_preview_counts_the_notes(client, lead):  # noqa: F811
    client.force_login(lead)
    upload(client, json.dumps(v2_document()))
    item = ExchangeUpload.objects.get()
    assert item.preview["counts"]["goal_notes"] == 2
    page = client.get(reverse("exchange:preview", args=[item.pk])).content.decode()
    assert "Notities bij doelen" in page


def test_the_import_logs_a_family_whose_notes_change(tmp_path, coach, lead):  # noqa: F811
    doc = v2_document()
    import_file(write(tmp_path, doc), actor=lead)
    summary = AccessLogEntry.objects.filter(object_type="exchange_import").latest("pk")
    assert "2 goal_notes" in summary.detail
    _notes(doc)[0]["difficult"] = "Op tijd komen."
    last = AccessLogEntry.objects.latest("pk").pk
    import_file(write(tmp_path, doc), actor=lead)
    entry = AccessLogEntry.objects.get(object_type="case", pk__gt=last)
    assert entry.action == Action.UPDATE and entry.participant.ref == "T-1"
    assert entry.user == lead
    assert GoalNote.objects.get(exchange_ref="n1").difficult == "Op tijd komen."
