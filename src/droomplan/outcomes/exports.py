"""The report as CSV, XLSX and PDF. External versions (board, analysts, funders) carry no refs
and mask small cells (see `report`); internal ones add the refs behind every figure."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from droomplan.core.spreadsheets import append_row, csv_dict_writer

from .report import Report, audience_label

CSV_COLUMNS = [
    "as_of",
    "scope",
    "group_code",
    "group_name",
    "metric",
    "label",
    "population",
    "numerator",
    "denominator",
    "percentage",
    "unknown",
]
CSV_REF_COLUMNS = ["numerator_refs", "denominator_refs", "unknown_refs"]
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def filename(report: Report, fmt: str) -> str:
    suffix = "extern" if report.external else "intern"
    return f"resultaten-{report.selection.programme.code}-{report.as_of.isoformat()}-{suffix}.{fmt}"


def _flat_rows(report: Report) -> list[dict]:
    """Every figure as one row: the total, then per cohort, then per municipality."""
    rows = []
    scopes = [("total", "", _("All selected participants"), report.population, report.values)]
    scopes += [("cohort", g.code, g.name, g.population, g.values) for g in report.by_cohort]
    scopes += [
        ("municipality", g.code, g.name, g.population, g.values) for g in report.by_municipality
    ]
    for scope, code, name, population, values in scopes:
        for metric in report.metrics:
            value = values[metric.code]
            row = {
                "as_of": report.as_of.isoformat(),
                "scope": scope,
                "group_code": code,
                "group_name": str(name),
                "metric": metric.code,
                "label": str(metric.label),
                "population": population.denominator if population.shown else population.mask,
                **value.export(),
            }
            if report.figures is not None:
                refs = report.figures.metrics[metric.code] if scope == "total" else None
                row["numerator_refs"] = " ".join(refs.numerator_refs) if refs else ""
                row["denominator_refs"] = " ".join(refs.denominator_refs) if refs else ""
                row["unknown_refs"] = " ".join(refs.unknown_refs or []) if refs else ""
            rows.append(row)
    return rows


def write_csv(report: Report, out) -> None:
    """The CSV, row by row, to the text file `out`."""
    columns = CSV_COLUMNS + (CSV_REF_COLUMNS if report.figures is not None else [])
    writer = csv_dict_writer(out, fieldnames=columns)
    writer.writeheader()
    for row in _flat_rows(report):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})


def to_csv(report: Report) -> str:
    out = io.StringIO()
    write_csv(report, out)
    return out.getvalue()


def new_workbook():
    """A write-only workbook: every row goes to a temporary file on disk as it is appended,
    so memory stays bounded however many case numbers the internal file lists (100,000 rows
    in about 100 MB instead of 1.27 GB). Rows only through `core.spreadsheets.append_row`."""
    from openpyxl import Workbook

    return Workbook(write_only=True)


def to_xlsx(report: Report) -> bytes:
    out = io.BytesIO()
    write_xlsx(report, out)
    return out.getvalue()


def write_xlsx(report: Report, out) -> None:
    """The XLSX to the binary file `out` (write-only workbook: bounded memory)."""
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = new_workbook()
    sheet = book.create_sheet(_("Figures")[:31])
    sheet.column_dimensions["B"].width = 48
    append_row(sheet, [_("Outcome report"), report.selection.programme.name])
    append_row(sheet, [_("Reference date"), report.as_of])
    append_row(sheet, [_("Audience"), _audience(report)])
    append_row(sheet, [])
    header = [
        _("Code"),
        _("Figure"),
        _("Numerator"),
        _("Denominator"),
        _("Percentage"),
        _("Not measured"),
    ]
    append_row(sheet, header, font=bold)
    append_row(sheet, ["population", _("Participants"), "", _num(report.population), ""])
    for metric, value in report.rows():
        data = value.export()
        append_row(
            sheet,
            [
                metric.code,
                str(metric.label),
                data["numerator"],
                data["denominator"],
                data["percentage"],
                data["unknown"],
            ],
        )
    for title, groups in (
        (_("By cohort"), report.by_cohort),
        (_("By municipality"), report.by_municipality),
    ):
        part = book.create_sheet(title[:31])
        append_row(
            part,
            [_("Code"), _("Name"), _("Participants")]
            + [str(m.short_label) for m in report.metrics],
            font=bold,
        )
        for group in groups:
            append_row(
                part,
                [group.code, str(group.name), _num(group.population)]
                + [_cell_text(group.values[m.code]) for m in report.metrics],
            )
    if report.trend:
        part = book.create_sheet(_("Trend")[:31])
        append_row(part, [_("Reference date")] + [str(m.short_label) for m in report.metrics])
        for point in report.trend:
            append_row(part, [point.as_of] + [_pct(point.values[m.code]) for m in report.metrics])
    definitions = book.create_sheet(_("Definitions")[:31])
    for metric in report.metrics:
        append_row(definitions, [metric.code, str(metric.label), str(metric.definition)])
    append_row(definitions, [])
    append_row(
        definitions,
        [
            _("Percentage"),
            "",
            _("round(100 × numerator / denominator, 1); empty when the denominator is 0"),
        ],
    )
    append_row(
        definitions,
        [
            _("Not measured"),
            "",
            _(
                "Participants in the denominator whose data to judge is missing on the "
                "reference date; never counted in the numerator."
            ),
        ],
    )
    if report.figures is not None:
        append_row(
            definitions,
            [
                _("Participants"),
                "",
                _(
                    "One row per case number and one column per figure: yes = in the "
                    "numerator; no = in the denominator, not in the numerator; not measured = "
                    "in the denominator, data to judge missing; empty = not in this figure."
                ),
            ],
        )
    if report.external:
        append_row(
            definitions,
            [
                "< n",
                "",
                _(
                    "Groups smaller than %(n)s are not shown; 'x' hides a figure from which a "
                    "hidden one could be worked out."
                )
                % {"n": report.threshold},
            ],
        )
    if report.figures is not None:
        _write_participants(book.create_sheet(_("Participants")[:31]), report, bold)
    book.save(out)


def participant_rows(report: Report):
    """The internal *Deelnemers* sheet: one row per case number, one column per figure, saying
    how she counts in it: "yes" (in the numerator), "no" (in the denominator, not the
    numerator), "not measured" (in the denominator, data to judge missing) or empty (not in
    this figure). One row per family, not one per family and figure (12.8 rows per family in
    the worst case): a lead filters a column to see who counts, and a province's file has
    100,000 rows of 9 cells instead of 1.28 million of 3 (issue 18: the file in under 30 s)."""
    codes = list(report.figures.metrics)
    yes, no, unknown = _("yes"), _("no"), _("not measured")
    counted: dict[str, list[str]] = {}
    for column, result in enumerate(report.figures.metrics.values()):
        for label, refs in (
            (no, result.denominator_refs),
            (unknown, result.unknown_refs or []),
            (yes, result.numerator_refs),
        ):
            for ref in refs:
                counted.setdefault(ref, [""] * len(codes))[column] = label
    for ref in sorted(counted):
        yield [ref, *counted[ref]]


def _write_participants(sheet, report: Report, bold) -> None:
    labels = {m.code: str(m.short_label) for m in report.metrics}
    header = [_("Case number")] + [labels.get(code, code) for code in report.figures.metrics]
    append_row(sheet, header, font=bold)
    for row in participant_rows(report):
        append_row(sheet, row)


def _num(value):
    return value.denominator if value.shown else value.mask


def _pct(value):
    return value.percentage if value.shown else value.mask


def _cell_text(value) -> str:
    if not value.shown:
        return value.mask
    if value.percentage is None:
        return "–"
    text = f"{value.numerator}/{value.denominator} ({value.percentage}%)"
    if value.unknown:
        text += " " + _("(%(n)s not measured)") % {"n": value.unknown}
    return text


def _audience(report: Report) -> str:
    return str(audience_label(report.external))


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "outcomes/report_pdf.html",
        {
            "report": report,
            "audience": _audience(report),
            "generated": date_format(timezone.localdate(), "DATE_FORMAT"),
        },
    )
    return HTML(string=html).write_pdf()


def write(report: Report, fmt: str, out) -> None:
    """The CSV or XLSX to the binary file `out` as it is made (the background job's
    result file), never the whole file in memory."""
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        write_csv(report, text)
        text.flush()
        text.detach()
    elif fmt == "xlsx":
        write_xlsx(report, out)
    else:
        raise ValueError(fmt)


def render(report: Report, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(report).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(report)
    if fmt == "pdf":
        return to_pdf(report)
    raise ValueError(fmt)
