"""Importing an exchange document (docs/exchange.md).

Two passes over the file, both streaming: the first validates everything (nothing is written
when there is any error), the second writes in ONE transaction, in batches of participants with
bulk inserts and updates. A participant is matched on (programme code, ref); her lists are
matched on a natural key per kind (see `kinds.py`)."""

import datetime
import pickle
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from droomplan.accounts.models import Organisation, User
from droomplan.audit.models import Action
from droomplan.audit.services import deferred as audit_deferred
from droomplan.audit.services import record, record_many
from droomplan.cases.models import CoachAssignment, Participant, Status, StatusChange
from droomplan.core import dataversion
from droomplan.instruments.models import Instrument
from droomplan.lifedomains.models import SETTLED_ROUTES, Debt, DebtRoute, DebtRouteChange
from droomplan.programmes.models import Cohort, Municipality, Programme

from .kinds import KINDS
from .models import ExchangeUpload, UploadStatus
from .reader import open_document
from .selectors import DatabaseLookup, anonymised_refs, coaches_by_email, kind_labels
from .validation import LIST_KEYS, Problem, Validator, validate_stream

BATCH = 500
PARTICIPANT_FIELDS = (
    "given_name",
    "family_name",
    "birth_date",
    "municipality_id",
    "single_parent",
    "cohort_id",
    "intake_date",
    "start_date",
    "end_date",
    "end_reason",
    "status",
)
_RANK = {Status.INTAKE: 0, Status.ACTIVE: 1, Status.ENDED: 2}


class ExchangeInvalid(Exception):
    """The document has errors; nothing was imported."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Preview:
    """What an import of a valid or invalid document would change."""

    programme_code: str = ""
    participants: int = 0
    new_refs: list[str] = field(default_factory=list)
    updated_refs: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass
class ImportResult:
    programme_code: str
    created: int = 0
    updated: int = 0
    counts: Counter = field(default_factory=Counter)
    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        """For the access log (English, like the other log details)."""
        parts = [f"{self.created} new", f"{self.updated} updated"]
        parts += [f"{self.counts[k]} {k}" for k in LIST_KEYS if self.counts.get(k)]
        return ", ".join(parts)

    def display(self) -> str:
        """The same in the active language, for people."""
        labels = kind_labels()
        parts = [
            gettext("%(count)s new") % {"count": self.created},
            gettext("%(count)s updated") % {"count": self.updated},
        ]
        parts += [f"{self.counts[k]} {labels[k].lower()}" for k in LIST_KEYS if self.counts.get(k)]
        return ", ".join(parts)


def preview_file(path: Path, *, progress: Callable[[int], None] | None = None) -> Preview:
    """Validate the whole file and work out which participants are new or updated."""
    lookup = DatabaseLookup()
    with open_document(path) as stream:
        validator = validate_stream(stream, lookup, on_participant=progress)
    code = (validator.programme or {}).get("code") or ""
    existing = lookup.existing_refs(code, validator.refs) if code and validator.refs else set()
    return Preview(
        programme_code=code,
        participants=validator.participant_count,
        new_refs=sorted(validator.refs - existing),
        updated_refs=sorted(existing),
        counts=dict(validator.counts),
        errors=validator.errors,
        warnings=validator.warnings,
    )


class Context:
    """What the writer needs to look up while it goes: ids by code, the coaches by e-mail."""

    def __init__(self, *, actor: User | None, programme: Programme, today: datetime.date):
        self.actor = actor
        self.programme = programme
        self.today = today
        self.organisations = dict(Organisation.objects.values_list("code", "pk"))
        self.cohorts = dict(Cohort.objects.filter(programme=programme).values_list("code", "pk"))
        self.municipalities = dict(Municipality.objects.values_list("cbs_code", "pk"))
        instruments = list(Instrument.objects.prefetch_related("items"))
        self.instruments = {i.code: i for i in instruments}
        self.definitions = {i.code: i.definition() for i in instruments}
        self.coaches: dict[str, User | None] = {}

    def coach(self, email: str | None) -> User | None:
        if not email:
            return None
        return self.coaches.get(email)

    def load_coaches(self, emails: set[str]) -> None:
        missing = {e for e in emails if e and e not in self.coaches}
        if missing:
            found = coaches_by_email(missing)
            for email in missing:
                self.coaches[email] = found.get(email)


def import_file(
    path: Path,
    *,
    actor: User | None = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH,
    today: datetime.date | None = None,
) -> ImportResult:
    """Validate, then import the file in one transaction. Raises ExchangeInvalid (with every
    problem) when the document has errors. `progress(n)` is called with the number of
    participants written so far."""
    today = today or timezone.localdate()
    lookup = DatabaseLookup()
    # The first pass validates and spools every clean participant (dates, decimals, scores)
    # to an anonymous temporary file; the second pass reads them back one at a time.
    with tempfile.TemporaryFile() as spool:

        def sink(clean: dict) -> None:
            pickle.dump(clean, spool, protocol=pickle.HIGHEST_PROTOCOL)

        with open_document(path) as stream:
            validator = validate_stream(stream, lookup, today=today, sink=sink)
        if validator.errors:
            raise ExchangeInvalid(validator.errors)
        spool.seek(0)
        return _import_spooled(validator, spool, actor, progress, batch_size, today)


def _spooled(spool):
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 (our own temporary file, written above)
        except EOFError:
            return


def _import_spooled(validator, spool, actor, progress, batch_size, today):
    # The access-log entries are written at the end, so the log is not locked for the length
    # of the import (audit.services.deferred).
    with transaction.atomic(), audit_deferred():
        programme = _write_header(validator)
        ctx = Context(actor=actor, programme=programme, today=today)
        result = ImportResult(programme_code=programme.code, warnings=validator.warnings)
        batch: list[dict] = []
        done = 0
        municipalities: set[int] = set()
        for clean in _spooled(spool):
            batch.append(clean)
            if len(batch) >= batch_size:
                done += _write_batch(ctx, batch, result, municipalities)
                batch = []
                if progress:
                    progress(done)
        if batch:
            done += _write_batch(ctx, batch, result, municipalities)
            if progress:
                progress(done)
        programme.municipalities.add(*municipalities)
        # Rows are written without the ORM's signals: cached figures must not outlive them.
        dataversion.bump()
        record(
            request=None,
            user=actor,
            action=Action.CREATE,
            object_type="exchange_import",
            object_id=programme.pk,
            detail=f"exchange import {programme.code}: {result.summary()}",
        )
    return result


def _write_header(validator: Validator) -> Programme:
    data = validator.programme
    defaults = {"name": data["name"]}
    if data.get("max_age_at_intake") is not None:
        defaults["max_age_at_intake"] = data["max_age_at_intake"]
    programme, _created = Programme.objects.update_or_create(code=data["code"], defaults=defaults)
    for org in validator.organisations:
        Organisation.objects.update_or_create(
            code=org["code"], defaults={"name": org["name"], "kind": org["kind"]}
        )
    for cohort in validator.cohorts:
        Cohort.objects.update_or_create(
            programme=programme,
            code=cohort["code"],
            defaults={"name": cohort["name"], "start_date": cohort["start_date"]},
        )
    return programme


def _participant_row(obj: Participant) -> dict:
    row = {f.attname: getattr(obj, f.attname) for f in Participant._meta.concrete_fields}
    row.pop("id")
    return row


def _status_of(p: dict) -> str:
    if p["end_date"]:
        return Status.ENDED
    if p["start_date"]:
        return Status.ACTIVE
    return Status.INTAKE


def _steps(p: dict) -> list[tuple[str, datetime.date]]:
    """The status path the facts imply: intake, then active, then ended."""
    steps = [(Status.INTAKE, p["intake_date"])]
    if p["start_date"]:
        steps.append((Status.ACTIVE, p["start_date"]))
    if p["end_date"]:
        steps.append((Status.ENDED, p["end_date"]))
    return steps


def _write_batch(ctx: Context, batch: list[dict], result: ImportResult, munis) -> int:
    now = timezone.now()
    actor_id = ctx.actor.pk if ctx.actor is not None else None
    refs = [p["ref"] for p in batch]
    existing = {o.ref: o for o in Participant.objects.filter(programme=ctx.programme, ref__in=refs)}
    closed = anonymised_refs(ctx.programme.code, refs)
    if closed:  # anonymised since the file was checked: still nothing may change
        raise ExchangeInvalid(
            [
                Problem(
                    "",
                    gettext_noop(
                        "the file of %(ref)s has been anonymised; an import may not change it "
                        "or create it again. Remove her from the file."
                    ),
                    (("ref", ref),),
                )
                for ref in sorted(closed)
            ]
        )
    ctx.load_coaches({p["coach"] for p in batch if p["coach"]})
    new_objs: list[Participant] = []
    changed: list[Participant] = []
    old_status: dict[int, str] = {}
    for p in batch:
        values = {
            "given_name": p["given_name"],
            "family_name": p["family_name"],
            "birth_date": p["birth_date"],
            "municipality_id": ctx.municipalities[p["municipality"]],
            "single_parent": p["single_parent"],
            "cohort_id": ctx.cohorts[p["cohort"]] if p["cohort"] else None,
            "intake_date": p["intake_date"],
            "start_date": p["start_date"],
            "end_date": p["end_date"],
            "end_reason": p["end_reason"] or "",
            "status": _status_of(p),
        }
        munis.add(values["municipality_id"])
        obj = existing.get(p["ref"])
        if obj is None:
            new_objs.append(Participant(programme=ctx.programme, ref=p["ref"], **values))
            continue
        old_status[obj.pk] = obj.status
        if any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            obj.updated_at = now
            obj.version += 1  # an edit form opened before the import is now out of date
            changed.append(obj)
    if new_objs:
        _insert(Participant, [_participant_row(o) for o in new_objs])
        ids = dict(
            Participant.objects.filter(
                programme=ctx.programme, ref__in=[o.ref for o in new_objs]
            ).values_list("ref", "pk")
        )
        for o in new_objs:
            o.pk = ids[o.ref]
    if changed:
        Participant.objects.bulk_update(changed, [*PARTICIPANT_FIELDS, "updated_at", "version"])
    by_ref = {**existing, **{o.ref: o for o in new_objs}}
    new_ids = {o.pk for o in new_objs}

    # Status history: the whole path for new participants; the steps forward (or a
    # correction back) for participants whose status changed.
    history: list[StatusChange] = []
    for p in batch:
        obj = by_ref[p["ref"]]
        if obj.pk in new_ids:
            previous = ""
            for status, day in _steps(p):
                history.append(
                    {
                        "participant_id": obj.pk,
                        "from_status": previous,
                        "to_status": status,
                        "date": day,
                        "changed_by_id": actor_id,
                    }
                )
                previous = status
            continue
        before, after = old_status[obj.pk], obj.status
        if before == after:
            continue
        if _RANK[after] > _RANK[before]:
            previous = before
            for status, day in _steps(p):
                if _RANK[status] > _RANK[before]:
                    history.append(
                        {
                            "participant_id": obj.pk,
                            "from_status": previous,
                            "to_status": status,
                            "date": day,
                            "reason": "exchange import",
                            "changed_by_id": actor_id,
                        }
                    )
                    previous = status
        else:
            history.append(
                {
                    "participant_id": obj.pk,
                    "from_status": before,
                    "to_status": after,
                    "date": ctx.today,
                    "reason": "exchange import (correction)",
                    "changed_by_id": actor_id,
                }
            )
    _insert(StatusChange, history)

    # Coach: the file's coach becomes the current coach (a change ends the current assignment
    # today); no coach in the file leaves the current one alone.
    current = {
        a.participant_id: a
        for a in CoachAssignment.objects.current().filter(
            participant_id__in=[o.pk for o in existing.values()]
        )
    }
    assignments: list[CoachAssignment] = []
    ended: list[CoachAssignment] = []
    for p in batch:
        coach = ctx.coach(p["coach"])
        if coach is None:
            continue
        obj = by_ref[p["ref"]]
        now_assigned = current.get(obj.pk)
        if now_assigned is not None and now_assigned.coach_id == coach.pk:
            continue
        start = p["intake_date"] if obj.pk in new_ids else ctx.today
        if now_assigned is not None:
            start = max(ctx.today, now_assigned.started_on)
            now_assigned.ended_on = start
            ended.append(now_assigned)
        assignments.append(
            {
                "participant_id": obj.pk,
                "coach_id": coach.pk,
                "started_on": start,
                "handover_note": ""
                if now_assigned is None
                else "Coach changed by exchange import.",
                "assigned_by_id": actor_id,
            }
        )
    if ended:
        CoachAssignment.objects.bulk_update(ended, ["ended_on"])
    _insert(CoachAssignment, assignments)

    for kind in KINDS:
        _sync_kind(ctx, kind, batch, by_ref, new_ids, result, actor_id)

    created = [by_ref[p["ref"]] for p in batch if by_ref[p["ref"]].pk in new_ids]
    updated = [by_ref[p["ref"]] for p in batch if by_ref[p["ref"]].pk not in new_ids]
    result.created += len(created)
    result.updated += len(updated)
    if created:
        record_many(
            request=None,
            user=ctx.actor,
            action=Action.CREATE,
            object_type="case",
            participants=created,
            detail="exchange import",
        )
    if updated:
        record_many(
            request=None,
            user=ctx.actor,
            action=Action.UPDATE,
            object_type="case",
            participants=updated,
            detail="exchange import",
        )
    return len(batch)


_RAW_TYPES = {
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "BooleanField",
    "IntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "ForeignKey",
}


def _insert(model, objs: list[dict]) -> None:
    """Insert rows (dicts of attribute name → value) without returning ids, with one
    `executemany` per chunk: several times faster than `bulk_create` for the many small rows
    of an import. Values are prepared the way Django saves them; fields a row leaves out get
    their default."""
    if not objs:
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    present = set().union(*(o.keys() for o in objs))
    adapt_date = connection.ops.adapt_datefield_value
    adapt_json = connection.ops.adapt_json_value
    converters = []
    for f in fields:
        internal = f.get_internal_type()
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            converters.append((f.attname, "const", f.get_db_prep_save(now, connection)))
        elif f.attname not in present:
            default = f.get_default() if f.has_default() else (None if f.null else "")
            converters.append((f.attname, "const", f.get_db_prep_save(default, connection)))
        elif internal == "DateField":
            converters.append((f.attname, "date", None))
        elif internal == "JSONField":
            converters.append((f.attname, "json", f.encoder))
        elif internal in _RAW_TYPES:
            converters.append((f.attname, "raw", None))
        else:
            converters.append((f.attname, "field", f))
    rows = []
    for obj in objs:
        row = []
        for attname, how, extra in converters:
            if how == "const":
                row.append(extra)
                continue
            value = obj.get(attname)
            if how == "raw":
                row.append(value)
            elif how == "date":
                row.append(adapt_date(value))
            elif how == "json":
                row.append(adapt_json(value, extra))
            else:
                row.append(extra.get_db_prep_save(value, connection))
        rows.append(row)
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            # SQLite (in-process): executemany re-uses one prepared statement.
            one = "({})".format(", ".join(["%s"] * len(fields)))
            sql = f"INSERT INTO {table} ({columns}) VALUES {one}"  # noqa: S608 (names from models)
            for start in range(0, len(rows), 2000):
                cursor.executemany(sql, rows[start : start + 2000])
            return
        # PostgreSQL: COPY, the bulk-load path (no statement per row or chunk).
        raw = cursor.cursor
        sql = f"COPY {table} ({columns}) FROM STDIN"
        with raw.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


def _sync_kind(ctx, kind, batch, by_ref, new_ids, result, actor_id) -> None:
    model = kind.model
    old_ids = [by_ref[p["ref"]].pk for p in batch if by_ref[p["ref"]].pk not in new_ids]
    rows: dict[tuple, list] = {}
    if old_ids:
        for row in model.objects.filter(participant_id__in=old_ids).order_by("pk"):
            values = {f: getattr(row, f) for f in kind.natural_key}
            rows.setdefault((row.participant_id, kind.key_of(values)), []).append(row)
    creates, updates = [], []
    versioned = any(f.name == "version" for f in model._meta.concrete_fields)
    for p in batch:
        pid = by_ref[p["ref"]].pk
        for item in p[kind.key]:
            values = kind.to_model(item, ctx)
            matches = rows.get((pid, kind.key_of(values)))
            if matches:
                row = matches.pop(0)
                if any(getattr(row, f) != values[f] for f in kind.fields):
                    for f in kind.fields:
                        setattr(row, f, values[f])
                    if versioned:
                        row.version += 1
                    updates.append(row)
                continue
            extra = {kind.audited_by: actor_id} if kind.audited_by else {}
            creates.append({"participant_id": pid, **values, **extra})
        result.counts[kind.key] += len(p[kind.key])
    stale = [row.pk for left in rows.values() for row in left]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    fields = list(kind.fields) + (["version"] if versioned else [])
    if model is Debt:
        fields += _debt_routes_for_updates(ctx, updates)
    if updates:
        model.objects.bulk_update(updates, fields, batch_size=500)
    if model is Debt:
        for values in creates:
            values["route"] = DebtRoute.PAID_OFF if values["settled_on"] else DebtRoute.INVENTORY
    _insert(model, creates)
    if model is Debt and creates:
        _first_route_steps(ctx, [by_ref[p["ref"]].pk for p in batch])


def _debt_routes_for_updates(ctx, debts: list) -> list[str]:
    """A debt the file now settles goes to 'paid off'; one it reopens goes back to
    inventory; each with a route step, as `lifedomains.services` does."""
    steps = []
    for debt in debts:
        if debt.settled_on and debt.route not in SETTLED_ROUTES:
            debt.route = DebtRoute.PAID_OFF
            steps.append({"debt_id": debt.pk, "route": debt.route, "date": debt.settled_on})
        elif not debt.settled_on and debt.route in SETTLED_ROUTES:
            debt.route = DebtRoute.INVENTORY
            steps.append({"debt_id": debt.pk, "route": debt.route, "date": debt.registered_on})
    for step in steps:
        step["changed_by_id"] = ctx.actor.pk if ctx.actor is not None else None
    _insert(DebtRouteChange, steps)
    return ["route"]


def _first_route_steps(ctx, participant_ids: list[int]) -> None:
    """Every new debt gets the first step of its route history (like `create_debt`): the
    route on the registration date, or 'paid off' on the settled date."""
    new = Debt.objects.filter(
        participant_id__in=participant_ids, route_changes__isnull=True
    ).values_list("pk", "route", "registered_on", "settled_on")
    actor_id = ctx.actor.pk if ctx.actor is not None else None
    _insert(
        DebtRouteChange,
        [
            {
                "debt_id": pk,
                "route": route,
                "date": settled if route in SETTLED_ROUTES else registered,
                "changed_by_id": actor_id,
            }
            for pk, route, registered, settled in new
        ],
    )


# --- uploads in the browser ----------------------------------------------------------------

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # the default of settings.EXCHANGE_MAX_UPLOAD_BYTES
MAX_STORED_PROBLEMS = 1000
MAX_STORED_REFS = 500
STALE_AFTER = datetime.timedelta(days=1)


def upload_dir() -> Path:
    """Private directory for uploads waiting for confirmation (not served, not in static)."""
    from django.conf import settings

    path = Path(settings.MEDIA_ROOT) / "exchange-uploads"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def max_upload_bytes() -> int:
    from django.conf import settings

    return getattr(settings, "EXCHANGE_MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES)


def _preview_json(preview: Preview) -> dict:
    return {
        "participants": preview.participants,
        "new_count": len(preview.new_refs),
        "updated_count": len(preview.updated_refs),
        "new_refs": preview.new_refs[:MAX_STORED_REFS],
        "updated_refs": preview.updated_refs[:MAX_STORED_REFS],
        "counts": {k: preview.counts.get(k, 0) for k in LIST_KEYS},
        "error_count": len(preview.errors),
        "warning_count": len(preview.warnings),
        "errors": [p.as_dict() for p in preview.errors[:MAX_STORED_PROBLEMS]],
        "warnings": [p.as_dict() for p in preview.warnings[:MAX_STORED_PROBLEMS]],
    }


def remove_stale_uploads(now=None) -> int:
    now = now or timezone.now()
    stale = ExchangeUpload.objects.filter(uploaded_at__lt=now - STALE_AFTER).exclude(stored_name="")
    count = 0
    for upload in stale:
        (upload_dir() / upload.stored_name).unlink(missing_ok=True)
        upload.stored_name = ""
        upload.save(update_fields=["stored_name"])
        count += 1
    return count


def store_upload(*, actor: User, uploaded_file) -> "ExchangeUpload":  # noqa: F821
    """Keep the uploaded file privately, check it and save the preview. Raises
    ValidationError for a file that is too big (the caller shows it on the form)."""
    import uuid

    from django.core.exceptions import ValidationError
    from django.template.defaultfilters import filesizeformat
    from django.utils.translation import gettext as _

    if uploaded_file.size > max_upload_bytes():
        raise ValidationError(
            _("The file is too big (%(size)s). The limit is %(max)s.")
            % {
                "size": filesizeformat(uploaded_file.size),
                "max": filesizeformat(max_upload_bytes()),
            }
        )
    remove_stale_uploads()
    stored = f"{uuid.uuid4().hex}.json"
    target = upload_dir() / stored
    try:
        with open(target, "wb") as out:
            for chunk in uploaded_file.chunks():
                out.write(chunk)
        preview = preview_file(target)
        upload = ExchangeUpload.objects.create(
            uploaded_by=actor,
            filename=Path(uploaded_file.name or "upload.json").name[:200],
            stored_name=stored if preview.is_valid else "",
            size=uploaded_file.size,
            status=UploadStatus.PREVIEWED if preview.is_valid else UploadStatus.INVALID,
            programme_code=preview.programme_code[:50],
            preview=_preview_json(preview),
        )
    except BaseException:
        # A failed upload (a full disk, a broken connection, a bug) leaves no file behind.
        target.unlink(missing_ok=True)
        raise
    if not preview.is_valid:
        target.unlink(missing_ok=True)  # nothing can be imported from it; do not keep it
    return upload


def confirm_upload(*, upload, actor: User) -> ImportResult | None:
    """Import a previewed upload. Returns None when it can no longer be imported."""
    if upload.status != UploadStatus.PREVIEWED or not upload.stored_name:
        return None
    path = upload_dir() / upload.stored_name
    if not path.is_file():
        return None
    try:
        result = import_file(path, actor=actor)
    except ExchangeInvalid as exc:  # the database changed since the preview
        upload.status = UploadStatus.INVALID
        upload.preview = {
            **upload.preview,
            "error_count": len(exc.problems),
            "errors": [p.as_dict() for p in exc.problems[:MAX_STORED_PROBLEMS]],
        }
        upload.stored_name = ""
        upload.save()
        path.unlink(missing_ok=True)
        return None
    upload.status = UploadStatus.IMPORTED
    upload.imported_at = timezone.now()
    upload.result = {
        "created": result.created,
        "updated": result.updated,
        "counts": {k: result.counts.get(k, 0) for k in LIST_KEYS},
        "warning_count": len(result.warnings),
    }
    upload.stored_name = ""
    upload.save()
    path.unlink(missing_ok=True)
    return result
