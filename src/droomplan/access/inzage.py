"""The right of access (inzage): everything held on her, per app, as JSON and as a readable
PDF. See docs/privacy-rights.md."""

import datetime
import io
import json
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.core.domains import plain_label
from droomplan.core.spreadsheets import csv_writer

from .parts import parts


def collect(participant, *, for_her: bool = False) -> dict:
    """Everything held on her, per part (JSON-serialisable with DjangoJSONEncoder). With
    `for_her` (her own download in her portal) each part leaves out what she never sees
    herself (`for_participant`: the text of notes only for professionals, the advice to the
    board); the staff export is complete, and staff decide what to hand over."""
    data = {}
    for part in parts():
        content = part.module.export(participant)
        if for_her and part.has("for_participant"):
            content = part.module.for_participant(content)
        data[part.label] = content
    return {"case_number": participant.ref, "generated_at": timezone.now(), "parts": data}


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
    # consents
    "scopes": gettext_lazy("Which parts of your life"),
    "signed_form_kept": gettext_lazy("Signed form kept"),
    "withdrawn_by": gettext_lazy("Withdrawn by"),
    "recorded_by": gettext_lazy("Written down by"),
    "recorded_at": gettext_lazy("Written down on"),
    # questionnaires
    "instrument_name": gettext_lazy("Questionnaire"),
    "questions": gettext_lazy("Questions and answers"),
    "question": gettext_lazy("Question"),
    "answer": gettext_lazy("Answer"),
    "scores_per_group": gettext_lazy("Score per part"),
    "scale": gettext_lazy("What the answers mean"),
    "part": gettext_lazy("Part"),
    "score": gettext_lazy("Score"),
    # life domains
    "debts": gettext_lazy("Debts"),
    "housing": gettext_lazy("Housing"),
    "education": gettext_lazy("School and courses"),
    "work": gettext_lazy("Work"),
    "route_history": gettext_lazy("Earlier steps"),
    "professionals_only": gettext_lazy("Only for professionals"),
    "professionals_only_reason": gettext_lazy("Why only for professionals"),
}

# Internal codes: in the JSON copy (machine-readable), never in the readable document.
HIDDEN_KEYS = frozenset({"organisation_code", "instrument"})
# ISO dates and times that a part wrote as text (`isoformat()`), shown in the one format.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$"
)

# Values that are codes or numbers for a computer, made readable per key.


def _amount(value) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return "€ " + formats.number_format(number, decimal_pos=2, use_l10n=True, force_grouping=True)


VALUE_FORMATS = {
    "scopes": lambda codes: ", ".join(plain_label(c) for c in codes or []) or "—",
    "amount": _amount,
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
    """One value in words. Every date in the one date style (core/formats: "3 maart 2026",
    with the time "3 maart 2026, 14:05"; `short` for table cells), also dates stored as text."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        fmt = "SHORT_DATETIME_FORMAT" if short else "DATETIME_FORMAT"
        return formats.date_format(timezone.localtime(value), fmt)
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, str) and ISO_DATE.match(value):
        return _scalar(datetime.date.fromisoformat(value))
    if isinstance(value, str) and ISO_DATETIME.match(value):
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if timezone.is_naive(moment):
            return formats.date_format(
                moment, "SHORT_DATETIME_FORMAT" if short else "DATETIME_FORMAT"
            )
        return _scalar(moment, short=short)
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


def _for_reading(value):
    """Leave out internal codes and make coded values readable, at every level of the tree."""
    if isinstance(value, dict):
        return {
            k: (VALUE_FORMATS[k](v) if k in VALUE_FORMATS else _for_reading(v))
            for k, v in value.items()
            if k not in HIDDEN_KEYS
        }
    if isinstance(value, list | tuple):
        return [_for_reading(v) for v in value]
    return value


def readable(value, app_label: str | None = None) -> dict:
    """A tree the PDF template can draw: dicts become lists of (label, value), lists of short
    flat records a table, other lists numbered items, everything else a readable string
    (dates in words, yes/no, a dash for nothing). Call on what `_for_reading` gave."""
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


def inzage_context(participant, data: dict) -> dict:
    known = {part.label: part for part in parts()}
    shown = []
    for label, content in data["parts"].items():
        part = known.get(label)
        summary = part.module.pdf_summary(content) if part and part.has("pdf_summary") else None
        tree = None
        if not summary:
            if part and part.has("for_reading"):
                content = part.module.for_reading(content)
            tree = readable(_for_reading(content), part.app_label if part else None)
        shown.append(
            {
                "label": label,
                "title": part.title if part else label,
                "summary": summary,
                "tree": tree,
                "empty": not content,
            }
        )
    return {
        "participant": participant,
        "generated_at": data["generated_at"],
        "parts": shown,
    }


def csv_files(participant, data: dict, stem: str) -> dict[str, bytes]:
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


def render_pdf(participant, data: dict, attachments: dict | None = None) -> bytes:
    """The readable PDF; `attachments` (file name → bytes) are embedded in it."""
    from weasyprint import HTML, Attachment

    html = render_to_string("access/rights/inzage_pdf.html", inzage_context(participant, data))
    files = [
        Attachment(file_obj=io.BytesIO(content), name=name)
        for name, content in (attachments or {}).items()
    ]
    return HTML(string=html).write_pdf(attachments=files)


INZAGE_JOB = "access.inzage"


def may_export(user, participant_id: int, *, for_her: bool):
    """Her case if `user` may (still) download everything on it: her coach or the programme
    lead (the staff page's rule, MANAGE_RIGHTS), or she herself in her portal; else None.
    The background job asks again when it runs: a right withdrawn in between counts."""
    from .policy import Verb, participants, visible_participants
    from .policy.portal import own_participant

    if for_her:
        own = own_participant(user)
        return own if own is not None and own.pk == participant_id else None
    participant = visible_participants(user).filter(pk=participant_id).first()
    if participant is None or not participants.can(user, Verb.MANAGE_RIGHTS, participant):
        return None
    return participant


def export_for_job(*, actor_id: int, participant_id: int, fmt: str, for_her: bool) -> "InzageFile":
    """What the background job runs (`access/jobs.py`): the right checked again, then
    `inzage_export` (which logs the export, as the direct download did)."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    user = get_user_model().objects.get(pk=actor_id)
    participant = may_export(user, participant_id, for_her=for_her)
    if participant is None:
        raise PermissionDenied("No longer allowed to download this file.")
    return inzage_export(actor=user, participant=participant, fmt=fmt, for_her=for_her)


@dataclass
class InzageFile:
    filename: str
    content_type: str
    content: bytes


def inzage_export(*, actor, participant, fmt: str = "zip", for_her: bool = False) -> InzageFile:
    """All data held on her as JSON and as a readable PDF (both in one zip by default).
    The export itself is logged, and so shows in her access overview. `for_her`: her own
    download from her portal (see `collect`)."""
    data = collect(participant, for_her=for_her)
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
        request=None,
        user=actor,
        action=Action.EXPORT,
        object_type="inzage",
        object_id=participant.pk,
        participant=participant,
        detail=f"{'portal ' if for_her else ''}{fmt}: {', '.join(data['parts'])}"[:300],
    )
    return result
