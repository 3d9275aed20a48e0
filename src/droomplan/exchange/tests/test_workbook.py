"""Spreadsheets: the template, the example workbook imports like the JSON example, problems
name sheet, row and column, and broken files get a plain message (never a 500)."""

import copy
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.cases.models import Participant
from droomplan.exchange.export import export_document
from droomplan.exchange.models import ExchangeUpload, UploadStatus
from droomplan.exchange.services import import_file
from droomplan.exchange.workbook import SHEETS, read_workbook, write_document_workbook
from droomplan.programmes.models import Programme

from .helpers import EXAMPLE, example
from .test_version2 import plan
from .test_views import upload

pytestmark = pytest.mark.django_db
EXAMPLE_XLSX = EXAMPLE.with_suffix(".xlsx")


@pytest.fixture
def lead(client):
    user = UserFactory(role=Role.PROGRAMME_LEAD, username="lead", email="lead@example.org")
    client.force_login(user)
    return user


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def test_template_has_a_sheet_per_kind_with_lists_and_an_instruction_sheet(tmp_path):
    path = tmp_path / "t.xlsx"
    call_command("exchange_template", str(path), stdout=io.StringIO())
    book = load_workbook(path)
    assert book.sheetnames[0] == "uitleg"
    for sheet in SHEETS:
        ws = book[sheet.name]
        assert [c.value for c in ws[1]] == [c.header for c in sheet.columns]
    formulas = [v.formula1 for v in book["schulden"].data_validations.dataValidation]
    assert formulas == []  # no coded columns
    deelnemers = [v.formula1 for v in book["deelnemers"].data_validations.dataValidation]
    assert len(deelnemers) == 3  # municipality, single parent, end reason
    assert book["lijsten"].sheet_state == "hidden"


def test_template_download_for_the_lead(client, lead):
    response = client.get(reverse("exchange:template"))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "uitleg"


def test_the_example_workbook_is_the_example_document():
    assert read_workbook(EXAMPLE_XLSX).document == {
        **example(),
        "version": 2,
        "participants": [
            {
                **p,
                "debt_inventory_on": None,
                "contacts": [],
                "dreams": [],
                "goals": [],
                "measurements": [
                    {**m, "version": None, "filled_in_by": None} for m in p["measurements"]
                ],
            }
            for p in example()["participants"]
        ],
    }


def test_the_example_workbook_imports_like_the_json_example(client, lead):
    UserFactory(role=Role.COACH, email="coach@example.org", username="coach-wb")
    page = upload(client, EXAMPLE_XLSX.read_bytes(), name="voorbeeld.xlsx").content.decode()
    item = ExchangeUpload.objects.get()
    assert item.status == UploadStatus.PREVIEWED, page
    client.post(reverse("exchange:confirm", args=[item.pk]), {"renames": "1"})
    from_workbook = export_document(Programme.objects.get(code="droommoeders"))
    Participant.objects.all().delete()
    import_file(EXAMPLE, actor=lead)
    assert export_document(Programme.objects.get(code="droommoeders")) == from_workbook


def test_plans_and_contacts_from_a_workbook(tmp_path, lead):
    from .helpers import document, participant

    doc = document(participant(**plan()), version=2)
    path = tmp_path / "plan.xlsx"
    write_document_workbook(doc, path)
    json_path = tmp_path / "wb.json"
    json_path.write_text(json.dumps(read_workbook(path).document), encoding="utf-8")
    import_file(json_path, actor=lead)
    exported = export_document(Programme.objects.get(code="test-prog"))["participants"][0]
    assert [g["title"] for d in exported["dreams"] for g in d["goals"]] == ["Schulden op een rij"]
    assert exported["goals"][0]["child"] == 0
    assert len(exported["contacts"]) == 2


def _broken_workbook(tmp_path) -> Path:
    doc = copy.deepcopy(example())
    doc["participants"][0]["debts"][0]["amount"] = "veel"
    doc["participants"][0]["debts"][0]["registered_on"] = "gisteren"
    doc["participants"][1]["housing"][0]["adequate"] = True
    path = tmp_path / "kapot.xlsx"
    write_document_workbook(doc, path)
    book = load_workbook(path)
    book["schulden"]["C2"] = "veel"  # bedrag
    book["wonen"]["A4"] = "VB-9"  # no such participant
    book["kinderen"]["D1"] = "schoenmaat"  # unknown column
    book.create_sheet("notities")
    book.save(path)
    return path


def test_a_malformed_workbook_gets_messages_by_sheet_row_and_column(client, lead, tmp_path):
    page = upload(client, _broken_workbook(tmp_path).read_bytes(), name="kapot.xlsx")
    assert page.status_code == 200
    text = page.content.decode()
    assert ExchangeUpload.objects.get().status == UploadStatus.INVALID
    assert "blad schulden, rij 2, kolom bedrag</strong>: geen bedrag" in text
    assert "blad schulden, rij 2, kolom geregistreerd op</strong>: geen datum" in text
    assert "blad wonen, rij 4, kolom deelnemer</strong>" in text
    assert "blad kinderen, rij 1</strong>: onbekende kolom schoenmaat" in text
    assert "blad notities</strong>" in text
    assert not Participant.objects.exists()


def test_validation_problems_in_a_workbook_point_at_the_row(client, lead, tmp_path):
    doc = copy.deepcopy(example())
    doc["participants"][1]["debts"][0]["settled_on"] = "2024-01-01"  # before registration
    path = tmp_path / "x.xlsx"
    write_document_workbook(doc, path)
    text = upload(client, path.read_bytes(), name="x.xlsx").content.decode()
    assert "blad schulden, rij 3, kolom afgelost op</strong>" in text


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04 not really a zip", b"\x00\x01binary", b""],
)
def test_bad_files_get_a_plain_message(client, lead, content):
    response = upload(client, content, name="data.xlsx")
    assert response.status_code in (200, 400)


def test_a_zip_that_is_no_workbook(client, lead, tmp_path):
    import zipfile

    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    response = upload(client, path.read_bytes(), name="a.xlsx")
    assert response.status_code in (200, 400)
    assert ExchangeUpload.objects.filter(status=UploadStatus.PREVIEWED).count() == 0


def test_command_imports_a_workbook(tmp_path, lead):
    UserFactory(role=Role.COACH, email="coach@example.org", username="coach-cmd")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_exchange", str(EXAMPLE_XLSX), "--allow-renames", stdout=out, stderr=err)
    assert Participant.objects.count() == 3


def test_a_large_workbook_is_streamed_not_loaded_whole(tmp_path):
    """openpyxl's read-only mode: rows are read one at a time from the file, so reading
    costs little more memory than the document it becomes (a workbook loaded whole holds
    every cell besides — several times the document)."""
    import gc
    import tracemalloc

    from .helpers import document, participant

    families = [
        participant(
            f"T-{i}",
            contacts=[
                {
                    "ref": f"c{k}",
                    "date": "2024-10-01",
                    "kind": "phone",
                    "duration_minutes": 15,
                    "note": f"Gesprek {k} met moeder {i} over de week en de kinderen.",
                    "domain": None,
                    "author": None,
                    "shared_with": [],
                }
                for k in range(100)
            ],
        )
        for i in range(10)
    ]
    path = tmp_path / "large.xlsx"
    with open(path, "wb") as out:
        write_document_workbook(document(*families, version=2), out)
    gc.collect()
    tracemalloc.start()
    try:
        result = read_workbook(path)
        gc.collect()
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not result.problems
    assert sum(len(p["contacts"]) for p in result.document["participants"]) == 1000
    # What reading needed besides the document it made (read-only: about a quarter of it).
    assert peak - held < held, f"peak {peak / 1e6:.1f} MB for a document of {held / 1e6:.1f} MB"
