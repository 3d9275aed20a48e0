"""The mother's privacy rights (AVG): the access overview, the right of access (inzage:
everything held on her as JSON and PDF) and retention (anonymisation some years after the end).

Every app that holds data on a participant contributes through a module
`droomplan.<app>.personal_data` with:

- ``LABEL = "debts"``: the key of its part in the inzage file;
- ``export(participant) -> dict | list``: everything the app holds on her (JSON-serialisable
  with Django's encoder: dates and decimals are fine);
- ``anonymise(participant) -> int``: remove names, contact details and free text, keep figures,
  dates, amounts and codes; returns how many records changed (0 when already done);
- optionally ``TITLE`` (a heading for the PDF; default: the app's name), ``ORDER`` (position
  in the file, default 50; the access log comes last), ``pdf_summary(content) -> dict`` (what
  the PDF shows instead of everything, for a part that can grow long: ``intro``, ``headers``
  and ``rows`` of a table), ``csv_file(content) -> (name, header, rows)`` (the part, complete,
  as a CSV file that goes with the PDF: in the zip, attached inside the PDF, and as a download
  of its own),
  ``retention(*, today, dry_run) -> list[str]`` (clean-up of app data not tied to one
  participant, e.g. old signals; returns lines for the report) and
  ``research(participant) -> dict`` (structured facts for the pseudonymised research export:
  no names, no free text, no quasi-identifiers such as her municipality, birth date or
  children, which `research` gives generalised; dates may be dates: the export turns every
  date into months since her start).

See docs/privacy-rights.md."""

import datetime
import importlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from droomplan.audit.models import Action, RetentionRecord
from droomplan.audit.services import record
from droomplan.cases.models import Participant, Status
from droomplan.core.spreadsheets import csv_writer

from .policy import ALL_DOMAINS, Verb, can, visible_domains

# Apps whose models point at a participant but that need no personal_data module of their own.
EXEMPT_APPS: dict[str, str] = {}


# --- Who may use the rights pages ------------------------------------------------------------


def may_manage_rights(user, participant: Participant) -> bool:
    """The access overview and the inzage export are for those who run the whole file: her
    coach and the programme lead. A partner with consent for some domains may work in the
    case, but does not see who else looked at it, nor export all of it."""
    return can(user, Verb.EDIT, participant) and visible_domains(user, participant) == ALL_DOMAINS


# Headings in the PDF for the parts whose module sets no TITLE of its own.
PART_TITLES = {
    "case_file": gettext_lazy("Case file: details, children, coaches and contact moments"),
    "plan": gettext_lazy("Family plan: dreams, goals and actions"),
    "access_log": gettext_lazy("Who looked at this file"),
}


# --- Discovery -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One app's contribution to the mother's privacy rights."""

    app_label: str
    label: str
    title: str
    module: ModuleType

    def has(self, name: str) -> bool:
        return callable(getattr(self.module, name, None))


def _import_personal_data(app_name: str) -> ModuleType | None:
    module_name = f"{app_name}.personal_data"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return None


@cache
def _discover() -> tuple[Part, ...]:
    parts = []
    for config in apps.get_app_configs():
        if not config.name.startswith("droomplan."):
            continue
        module = _import_personal_data(config.name)
        if module is None:
            continue
        for required in ("LABEL", "export", "anonymise"):
            if not hasattr(module, required):
                raise ImproperlyConfiguredPart(f"{module.__name__} has no {required}")
        parts.append(
            Part(
                app_label=config.label,
                label=module.LABEL,
                title=(
                    getattr(module, "TITLE", None)
                    or PART_TITLES.get(module.LABEL)
                    or config.verbose_name
                ),
                module=module,
            )
        )
    parts.sort(key=lambda p: getattr(p.module, "ORDER", 50))
    labels = [p.label for p in parts]
    duplicates = {label for label in labels if labels.count(label) > 1}
    if duplicates:
        raise ImproperlyConfiguredPart(f"personal_data LABEL used twice: {sorted(duplicates)}")
    return tuple(parts)


class ImproperlyConfiguredPart(Exception):
    pass


def parts() -> tuple[Part, ...]:
    """Every app's personal_data module, in the order of INSTALLED_APPS."""
    return _discover()


# --- Right of access (inzage) ----------------------------------------------------------------


def collect(participant: Participant) -> dict:
    """Everything held on her, per part (JSON-serialisable with DjangoJSONEncoder)."""
    return {
        "case_number": participant.ref,
        "generated_at": timezone.now(),
        "parts": {part.label: part.module.export(participant) for part in parts()},
    }


def to_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


# Headings for the keys inside the parts (the field names of the models are found by
# themselves, from their verbose names).
KEY_LABELS = {
    "participant": gettext_lazy("Personal details"),
    "children": gettext_lazy("Children"),
    "status_history": gettext_lazy("Status history"),
    "coach_assignments": gettext_lazy("Coaches"),
    "contacts": gettext_lazy("Contact moments"),
    "dreams": gettext_lazy("Dreams"),
    "goals": gettext_lazy("Goals"),
    "actions": gettext_lazy("Actions"),
    "ref": gettext_lazy("Case number"),
    "has_own_login": gettext_lazy("Has her own login"),
    "created_at": gettext_lazy("Recorded on"),
    "updated_at": gettext_lazy("Last changed on"),
    "changed_by": gettext_lazy("Changed by"),
    "created_by": gettext_lazy("Written by"),
    "assigned_by": gettext_lazy("Chosen by"),
    "handover_read_at": gettext_lazy("Handover note read on"),
    "from_status": gettext_lazy("From"),
    "to_status": gettext_lazy("To"),
    "author": gettext_lazy("Written by"),
    "at": gettext_lazy("When"),
    "user": gettext_lazy("Who"),
    "organisation": gettext_lazy("Organisation"),
    "role": gettext_lazy("Role"),
    "object_type": gettext_lazy("What"),
    "action": gettext_lazy("Action"),
    "outcome": gettext_lazy("Outcome"),
    "coach": gettext_lazy("Coach"),
    "text": gettext_lazy("Text"),
    "child": gettext_lazy("For child"),
    "shared_with": gettext_lazy("Shared with"),
    "status": gettext_lazy("Status"),
}


@cache
def _field_labels(app_label: str | None) -> dict[str, object]:
    """Field name → verbose name, from the models of `app_label` (or of every app)."""
    labels: dict[str, object] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("droomplan."):
            continue
        if app_label is not None and model._meta.app_label != app_label:
            continue
        for f in model._meta.get_fields():
            verbose = getattr(f, "verbose_name", None)
            if verbose and f.name not in labels and str(verbose) != f.name.replace("_", " "):
                labels[f.name] = verbose
    return labels


def key_label(key: str, app_label: str | None = None) -> str:
    """A heading for `key`: our own words, else the verbose name of a field of that name in
    the part's own app, else in any app, else the key itself made readable."""
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    for labels in (_field_labels(app_label), _field_labels(None)):
        if key in labels:
            return str(labels[key]).capitalize()
    return key.replace("_", " ").capitalize()


def _scalar(value, *, short: bool = False) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        fmt = "d-m-Y H:i" if short else "j F Y, H:i"
        return formats.date_format(timezone.localtime(value), fmt)
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    return str(value)


def _is_scalar(value) -> bool:
    return not isinstance(value, dict | list | tuple)


TABLE_MAX_COLUMNS = 7
TABLE_MAX_TEXT = 80


def _as_table(rows: list) -> bool:
    """Short, flat records (the access log, status histories) read best as a table."""
    if not rows or not all(isinstance(r, dict) for r in rows):
        return False
    keys = list(rows[0])
    return (
        len(keys) <= TABLE_MAX_COLUMNS
        and all(list(r) == keys for r in rows)
        and all(
            _is_scalar(v) and len(_scalar(v)) <= TABLE_MAX_TEXT for r in rows for v in r.values()
        )
    )


def readable(value, app_label: str | None = None) -> dict:
    """A tree the PDF template can draw: dicts become lists of (label, value), lists of short
    flat records a table, other lists numbered items, everything else a readable string
    (dates in words, yes/no, a dash for nothing)."""
    if isinstance(value, dict):
        return {
            "kind": "dict",
            "items": [(key_label(k, app_label), readable(v, app_label)) for k, v in value.items()],
        }
    if isinstance(value, list | tuple):
        if not value:
            return {"kind": "scalar", "text": "—"}
        if all(_is_scalar(v) for v in value):
            return {"kind": "scalar", "text": ", ".join(_scalar(v) for v in value)}
        if _as_table(list(value)):
            return {
                "kind": "table",
                "headers": [key_label(k, app_label) for k in value[0]],
                "rows": [[_scalar(v, short=True) for v in row.values()] for row in value],
            }
        return {"kind": "list", "items": [readable(v, app_label) for v in value]}
    return {"kind": "scalar", "text": _scalar(value)}


def inzage_context(participant: Participant, data: dict) -> dict:
    known = {part.label: part for part in parts()}
    shown = []
    for label, content in data["parts"].items():
        part = known.get(label)
        summary = part.module.pdf_summary(content) if part and part.has("pdf_summary") else None
        shown.append(
            {
                "label": label,
                "title": part.title if part else label,
                "summary": summary,
                "tree": None if summary else readable(content, part.app_label if part else None),
                "empty": not content,
            }
        )
    return {
        "participant": participant,
        "generated_at": data["generated_at"],
        "parts": shown,
    }


def csv_files(participant: Participant, data: dict, stem: str) -> dict[str, bytes]:
    """The parts that go with the PDF as CSV files (the complete access log), by file name.
    Written with `core.spreadsheets`, so no cell is run as a formula; UTF-8 with a byte-order
    mark, so spreadsheet programs read the accents right."""
    files = {}
    for part in parts():
        if part.has("csv_file") and part.label in data["parts"]:
            name, header, rows = part.module.csv_file(data["parts"][part.label])
            out = io.StringIO()
            writer = csv_writer(out)
            writer.writerow(header)
            writer.writerows(rows)
            files[f"{stem}-{name}.csv"] = ("\ufeff" + out.getvalue()).encode("utf-8")
    return files


def render_pdf(participant: Participant, data: dict, attachments: dict | None = None) -> bytes:
    """The readable PDF; `attachments` (file name → bytes) are embedded in it."""
    from weasyprint import HTML, Attachment

    html = render_to_string("access/rights/inzage_pdf.html", inzage_context(participant, data))
    files = [
        Attachment(file_obj=io.BytesIO(content), name=name)
        for name, content in (attachments or {}).items()
    ]
    return HTML(string=html).write_pdf(attachments=files)


@dataclass
class InzageFile:
    filename: str
    content_type: str
    content: bytes


def inzage_export(*, request, participant: Participant, fmt: str = "zip") -> InzageFile:
    """All data held on her as JSON and as a readable PDF (both in one zip by default).
    The export itself is logged, and so shows in her access overview."""
    data = collect(participant)
    stem = f"inzage-{participant.ref}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "json":
        result = InzageFile(f"{stem}.json", "application/json", to_json(data))
    elif fmt == "csv":  # the complete access log
        name, content = next(iter(csv_files(participant, data, stem).items()))
        result = InzageFile(name, "text/csv; charset=utf-8", content)
    elif fmt == "pdf":
        pdf = render_pdf(participant, data, csv_files(participant, data, stem))
        result = InzageFile(f"{stem}.pdf", "application/pdf", pdf)
    else:
        fmt = "zip"
        files = csv_files(participant, data, stem)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{stem}.json", to_json(data))
            archive.writestr(f"{stem}.pdf", render_pdf(participant, data, files))
            for name, content in files.items():
                archive.writestr(name, content)
        result = InzageFile(f"{stem}.zip", "application/zip", buffer.getvalue())
    record(
        request=request,
        action=Action.EXPORT,
        object_type="inzage",
        object_id=participant.pk,
        participant=participant,
        detail=f"{fmt}: {', '.join(data['parts'])}",
    )
    return result


# --- Retention -------------------------------------------------------------------------------


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def keep_until(participant: Participant) -> datetime.date | None:
    """The last day her file is kept whole: the end date plus the programme's retention
    years. It is anonymised from the day after (the anniversary itself still counts as kept)."""
    if participant.status != Status.ENDED or participant.end_date is None:
        return None
    return add_years(participant.end_date, participant.programme.retention_years)


def due_for_retention(today: datetime.date) -> list[Participant]:
    """Ended participants whose retention period is over and who are not anonymised yet.
    Participants in intake or active are never touched."""
    candidates = (
        Participant.objects.filter(
            status=Status.ENDED, end_date__isnull=False, anonymised_at__isnull=True
        )
        .select_related("programme")
        .order_by("end_date", "pk")
    )
    return [p for p in candidates if keep_until(p) < today]


@dataclass
class RetentionReport:
    today: datetime.date
    dry_run: bool
    participants: list[dict] = field(default_factory=list)
    app_lines: list[str] = field(default_factory=list)


@transaction.atomic
def anonymise_participant(participant: Participant, *, today: datetime.date) -> RetentionRecord:
    """Anonymise one file through every app's personal_data module and leave the trace: a
    RetentionRecord and an access-log entry (action: anonymised)."""
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    if locked.status != Status.ENDED:
        raise ValueError(f"{locked.ref} has not ended; it cannot be anonymised.")
    counts = {part.label: part.module.anonymise(locked) for part in parts()}
    Participant.objects.filter(pk=locked.pk).update(anonymised_at=timezone.now())
    trace = RetentionRecord.objects.create(
        participant_id=locked.pk,
        participant_ref=locked.ref,
        programme_id=locked.programme_id,
        ended_on=locked.end_date,
        anonymised_on=today,
        what=counts,
    )
    record(
        request=None,
        action=Action.ANONYMISE,
        object_type="case",
        object_id=locked.pk,
        participant=locked,
        detail="apply_retention: " + ", ".join(f"{k}={v}" for k, v in counts.items()),
    )
    return trace


def apply_retention(*, today: datetime.date, dry_run: bool) -> RetentionReport:
    """Anonymise every file whose retention period is over (or, with `dry_run`, only list
    them), then let each app clean up what is not tied to one participant. Idempotent."""
    report = RetentionReport(today=today, dry_run=dry_run)
    for participant in due_for_retention(today):
        row = {
            "ref": participant.ref,
            "programme": participant.programme.code,
            "ended_on": participant.end_date,
            "kept_until": keep_until(participant),
            "what": None,
        }
        if not dry_run:
            row["what"] = anonymise_participant(participant, today=today).what
        report.participants.append(row)
    for part in parts():
        if part.has("retention"):
            lines = part.module.retention(today=today, dry_run=dry_run) or []
            report.app_lines.extend(f"{part.label}: {line}" for line in lines)
    return report
