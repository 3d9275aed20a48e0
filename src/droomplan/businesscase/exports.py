"""The business case as PDF (a funder can read it: a page of summary, a page of assumptions
and sources, the definitions as footnotes), XLSX (every assumption and the figures per cohort,
no names) and JSON (the command: everything needed to recompute it, refs when internal).
Spreadsheets are written through `core.spreadsheets` (no formulas from text)."""

from __future__ import annotations

import io
import json

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from droomplan.core.spreadsheets import append_row
from droomplan.outcomes.report import audience_label

from . import presentation
from .computation import SCENARIOS, BusinessCase, as_json

FORMATS = {"pdf", "xlsx"}
CONTENT_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def filename(case: BusinessCase, fmt: str) -> str:
    suffix = "extern" if case.external else "intern"
    code = case.selection.programme.code
    return f"businesscase-{code}-{case.as_of.isoformat()}-{suffix}.{fmt}"


def _money(value):
    return None if value is None else round(value, 2)


def to_xlsx(case: BusinessCase) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    levels = [str(presentation.SCENARIO_LABELS[s]) for s in SCENARIOS]
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    append_row(sheet, [_("Business case"), case.selection.programme.name])
    append_row(sheet, [_("Reference date"), case.as_of])
    append_row(sheet, [_("Audience"), str(audience_label(case.external))])
    population = case.total.population
    append_row(
        sheet,
        [_("Participants"), population.denominator if population.shown else population.mask],
    )
    append_row(sheet, [])
    if case.total.shown:
        append_row(sheet, [_("Line"), *levels])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for lines, title in presentation.summary(case.total):
            append_row(sheet, [title])
            sheet[sheet.max_row][0].font = bold
            for line in lines:
                append_row(sheet, [line.label, *[_money(v) for v in line.values]])
        append_row(sheet, [])
        append_row(sheet, [_("Quantity"), pgettext("quantity", "Amount")])
        for _line, label, amount in presentation.quantities(case.total.quantities):
            append_row(sheet, [label, amount])
    sheet.column_dimensions["A"].width = 48

    costs, returns = _("Costs"), _("Net returns")
    _breakdown_sheet(book, _("By cohort"), _("Cohort"), case.cohorts, levels, bold)
    if not case.external:  # outside the programme: programme and cohorts only
        _breakdown_sheet(
            book, _("By municipality"), _("Municipality"), case.municipalities, levels, bold
        )

    if case.timeline:
        timeline = book.create_sheet(_("Over time")[:31])
        header = [_("Month end")]
        for s in levels:
            header += [f"{costs} ({s})", f"{returns} ({s})"]
        append_row(timeline, header)
        for point in case.timeline:
            values = []
            for s in SCENARIOS:
                values += [_money(point.costs[s]), _money(point.returns[s])]
            append_row(timeline, [point.day, *values])
        append_row(timeline, [])
        break_even = _("Break-even")
        for _s, label, day in presentation.context(case)["break_even"]:
            append_row(timeline, [f"{break_even} ({label})", day or _("not yet")])

    assumptions = book.create_sheet(_("Assumptions")[:31])
    append_row(
        assumptions,
        [
            _("Code"),
            _("Assumption"),
            _("Low"),
            _("Central"),
            _("High"),
            _("Unit"),
            _("Valid from"),
            _("Default"),
            _("Source"),
            _("Link"),
        ],
    )
    for cell in assumptions[1]:
        cell.font = bold
    for a in case.assumptions.values():
        append_row(
            assumptions,
            [
                a.code,
                str(a.definition.label),
                a.low,
                a.central,
                a.high,
                a.definition.unit_label,
                a.valid_from,
                _("yes") if a.is_default else _("no"),
                str(a.source),
                a.source_url,
            ],
        )
    definitions = book.create_sheet(_("Definitions")[:31])
    for code, label, text in presentation.definitions():
        append_row(definitions, [code, label, text])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_document(case: BusinessCase):
    """The laid-out PDF (WeasyPrint's document): page 1 the summary, page 2 the assumptions."""
    from weasyprint import HTML

    html = render_to_string(
        "businesscase/report_pdf.html",
        {
            "case": case,
            "audience": str(audience_label(case.external)),
            "generated": date_format(timezone.localdate(), "DATE_FORMAT"),
            **presentation.context(case),
            "notes": presentation.notes(),
        },
    )
    return HTML(string=html).render()


def to_pdf(case: BusinessCase) -> bytes:
    return pdf_document(case).write_pdf()


def to_json(case: BusinessCase) -> bytes:
    return json.dumps(as_json(case), indent=2, ensure_ascii=False).encode("utf-8")


def _breakdown_sheet(book, title, label, rows, levels, bold) -> None:
    """One sheet of a breakdown (per cohort or per municipality), small rows masked."""
    sheet = book.create_sheet(title[:31])
    header = [_("Code"), label, _("Participants")]
    costs, returns, per_euro = _("Costs"), _("Net returns"), _("Per euro")
    for s in levels:
        header += [f"{costs} ({s})", f"{returns} ({s})", f"{per_euro} ({s})"]
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = bold
    for row in rows:
        if not row.shown:
            mask = row.population.mask
            append_row(sheet, [row.code, row.name, mask] + [mask] * (3 * len(SCENARIOS)))
            continue
        values = []
        for s in SCENARIOS:
            v = row.valued[s]
            values += [_money(v.total_costs), _money(v.total_net), v.per_euro]
        append_row(sheet, [row.code, row.name, row.population.denominator, *values])


def render(case: BusinessCase, fmt: str) -> bytes:
    if fmt == "xlsx":
        return to_xlsx(case)
    if fmt == "pdf":
        return to_pdf(case)
    if fmt == "json":
        return to_json(case)
    raise ValueError(fmt)
