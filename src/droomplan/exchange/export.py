"""Writing an exchange document: one programme, its organisations, cohorts and participants.

Streams: participants are read in batches with their lists prefetched and written one at a
time. Everything is sorted (participants by ref, lists by date and name), so exporting the same
data twice gives the same bytes, and export → import → export is stable."""

import json
from typing import IO

from django.db.models import Prefetch

from droomplan.accounts.models import Organisation
from droomplan.cases.models import CoachAssignment, Participant
from droomplan.instruments.models import Instrument, InstrumentVersion
from droomplan.programmes.models import Cohort, Programme

from .kinds import KINDS
from .plan_sync import PREFETCH, plan_doc
from .validation import FORMAT, VERSION

BATCH = 500
RELATED = {
    "children": "children",
    "debts": "debts",
    "housing": "housing",
    "education": "educations",
    "work": "work",
    "consents": "consents",
    "measurements": "measurements",
}


class _ExportContext:
    def __init__(self):
        self.organisation_codes = dict(Organisation.objects.values_list("pk", "code"))
        instruments = list(Instrument.objects.prefetch_related("items"))
        self.instrument_codes = {i.pk: i.code for i in instruments}
        self.definitions = {i.code: i.definition() for i in instruments}
        self.version_codes = dict(InstrumentVersion.objects.values_list("pk", "code"))


def _dumps(value, indent: int) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * indent)


def header(programme: Programme) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "programme": {
            "code": programme.code,
            "name": programme.name,
            "max_age_at_intake": programme.max_age_at_intake,
        },
        "organisations": [
            {"code": o.code, "name": o.name, "kind": o.kind}
            for o in Organisation.objects.order_by("code")
        ],
        "cohorts": [
            {"code": c.code, "name": c.name, "start_date": c.start_date.isoformat()}
            for c in Cohort.objects.filter(programme=programme).order_by("code")
        ],
    }


def participant_doc(p: Participant, ctx: _ExportContext) -> dict:
    current = [a for a in p.coach_assignments.all() if a.is_current]
    doc = {
        "ref": p.ref,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "birth_date": p.birth_date.isoformat(),
        "municipality": p.municipality.cbs_code,
        "single_parent": p.single_parent,
        "cohort": p.cohort.code if p.cohort_id else None,
        "intake_date": p.intake_date.isoformat(),
        "start_date": p.start_date.isoformat() if p.start_date else None,
        "end_date": p.end_date.isoformat() if p.end_date else None,
        "end_reason": p.end_reason or None,
        "coach": (current[0].coach.email.lower() or None) if current else None,
        "debt_inventory_on": p.debt_inventory_on.isoformat() if p.debt_inventory_on else None,
    }
    for kind in KINDS:
        items = [kind.to_doc(row, ctx) for row in getattr(p, RELATED[kind.key]).all()]
        doc[kind.key] = sorted(items, key=lambda d, k=kind: _sortable(k.order(d)))
    doc.update(plan_doc(p, ctx, doc["children"]))
    return doc


def _sortable(key: tuple) -> tuple:
    return tuple("" if v is None else v for v in key)


PROGRESS_EVERY = 500


def participants_of(programme: Programme):
    """The programme's participants in ref order, in batches, with everything prefetched."""
    qs = (
        Participant.objects.filter(programme=programme)
        .select_related("municipality", "cohort")
        .prefetch_related(
            Prefetch(
                "coach_assignments",
                queryset=CoachAssignment.objects.current().select_related("coach"),
            ),
            *RELATED.values(),
            *PREFETCH,
        )
        .order_by("ref")
    )
    refs = list(qs.values_list("ref", flat=True))
    for start in range(0, len(refs), BATCH):
        yield from qs.filter(ref__in=refs[start : start + BATCH])


def write_document(programme: Programme, out: IO[str], progress=None) -> int:
    """Write the programme's exchange document to `out`; returns the number of participants.
    `progress(done)` is called every PROGRESS_EVERY participants (the background job)."""
    ctx = _ExportContext()
    head = header(programme)
    out.write("{\n")
    for key, value in head.items():
        out.write(f'  "{key}": {_dumps(value, 2)},\n')
    out.write('  "participants": [')
    count = 0
    for p in participants_of(programme):
        out.write(",\n    " if count else "\n    ")
        out.write(_dumps(participant_doc(p, ctx), 4))
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    out.write("\n  ]\n}\n" if count else "]\n}\n")
    return count


def export_document(programme: Programme) -> dict:
    """The whole document as a dict (for tests and small programmes)."""
    import io

    buffer = io.StringIO()
    write_document(programme, buffer)
    return json.loads(buffer.getvalue())
