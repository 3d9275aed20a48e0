"""Importing an exchange document (docs/exchange.md).

Two passes over the file, both streaming: the first validates everything (nothing is written
when there is any error), the second writes in ONE transaction, in batches of participants with
bulk inserts and updates. A participant is matched on (programme code, ref); her lists are
matched on a natural key per kind (see `kinds.py`)."""

import datetime
import functools
import pickle
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from droomplan.access.policy.participants import forget_coaches
from droomplan.accounts.models import Organisation, User
from droomplan.audit.models import Action
from droomplan.audit.services import deferred as audit_deferred
from droomplan.audit.services import record, record_many
from droomplan.cases.models import CoachAssignment, Participant, Status, StatusChange
from droomplan.core import dataversion
from droomplan.instruments.models import Instrument, InstrumentVersion, version_for
from droomplan.lifedomains.models import SETTLED_ROUTES, Debt, DebtRoute, DebtRouteChange
from droomplan.programmes.models import Cohort, Municipality, Programme

from . import workbook
from .bulk import insert as _insert
from .kinds import KINDS
from .models import ExchangeUpload, UploadStatus
from .plan_sync import sync_plans
from .reader import open_document
from .selectors import (
    REF_PATTERN,
    DatabaseLookup,
    active_without_coach,
    anonymised_refs,
    changed_details,
    coaches_by_email,
    header_changes,
    kind_labels,
    staff_by_email,
)
from .validation import (
    LIST_KEYS,
    NOTE_BY_PARTICIPANT,
    PLAN_KEYS,
    Problem,
    Validator,
    iter_goals,
    validate_stream,
)

BATCH = 500
ALL_KEYS = LIST_KEYS + PLAN_KEYS
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
    "debt_inventory_on",
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
    header: dict = field(default_factory=dict)  # see `selectors.header_changes`
    without_coach: list[str] = field(default_factory=list)
    odd_refs: list[str] = field(default_factory=list)
    changed: dict[str, list] = field(default_factory=dict)  # ref → fields the update changes

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def renames(self) -> bool:
        return bool(self.header.get("renames"))


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
        parts += [f"{self.counts[k]} {k}" for k in ALL_KEYS if self.counts.get(k)]
        return ", ".join(parts)

    def display(self) -> str:
        """The same in the active language, for people."""
        labels = kind_labels()
        parts = [
            gettext("%(count)s new") % {"count": self.created},
            gettext("%(count)s updated") % {"count": self.updated},
        ]
        parts += [f"{self.counts[k]} {labels[k].lower()}" for k in ALL_KEYS if self.counts.get(k)]
        return ", ".join(parts)


def preview_file(
    path: Path,
    *,
    progress: Callable[[int], None] | None = None,
    origins: dict | None = None,
) -> Preview:
    """Validate the whole file and work out which participants are new or updated.
    `origins`: for a document made from a spreadsheet, where each record came from."""
    lookup = DatabaseLookup()
    with open_document(path) as stream:
        validator = validate_stream(stream, lookup, on_participant=progress)
    code = (validator.programme or {}).get("code") or ""
    existing = lookup.existing_refs(code, validator.refs) if code and validator.refs else set()
    refs = validator.index_refs
    place_of = None
    if origins:
        place_of = functools.partial(workbook.origin_place, origins=origins)
    header = header_changes(validator) if validator.programme and code else {}
    return Preview(
        programme_code=code,
        participants=validator.participant_count,
        new_refs=sorted(validator.refs - existing),
        updated_refs=sorted(existing),
        counts=dict(validator.counts),
        errors=[p.with_place(refs, place_of) for p in validator.errors],
        warnings=[p.with_place(refs, place_of) for p in validator.warnings],
        header=header,
        without_coach=active_without_coach(code, validator.active_coach) if code else [],
        odd_refs=sorted(r for r in validator.refs if not REF_PATTERN.match(r)),
        changed=changed_details(code, validator.details, existing) if existing else {},
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
        self.versions = {(v.instrument_id, v.code): v.pk for v in InstrumentVersion.objects.all()}
        self.programme_versions: dict[int, int] = {}
        self.coaches: dict[str, User | None] = {}
        self.staff_members: dict[str, User | None] = {}

    def version_id(self, instrument: Instrument, code: str | None) -> int:
        """The instrument version a measurement was taken with: the file's, or else the one
        the programme uses for new measurements."""
        if code:
            return self.versions[(instrument.pk, code)]
        if instrument.pk not in self.programme_versions:
            self.programme_versions[instrument.pk] = version_for(instrument, self.programme.pk).pk
        return self.programme_versions[instrument.pk]

    def staff(self, email: str | None) -> User | None:
        return self.staff_members.get(email) if email else None

    def load_staff(self, emails: set[str]) -> None:
        missing = {e for e in emails if e and e not in self.staff_members}
        if missing:
            found = staff_by_email(missing)
            for email in missing:
                self.staff_members[email] = found.get(email)

    def default_author_id(self) -> int:
        """The author of a contact note whose author the file does not name (or names someone
        unknown here): the importing user."""
        if self.actor is None:
            raise ExchangeInvalid(
                [
                    Problem(
                        "",
                        gettext_noop(
                            "the file has contact moments without a known author; import it "
                            "as a user (--user) who then becomes their author"
                        ),
                    )
                ]
            )
        return self.actor.pk

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
    allow_renames: bool = True,
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
        return _import_spooled(validator, spool, actor, progress, batch_size, today, allow_renames)


def _spooled(spool):
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 (our own temporary file, written above)
        except EOFError:
            return


def _import_spooled(validator, spool, actor, progress, batch_size, today, allow_renames):
    # The access-log entries are written at the end, so the log is not locked for the length
    # of the import (audit.services.deferred).
    with transaction.atomic(), audit_deferred():
        programme = _write_header(validator, allow_renames)
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


class RenameNotConfirmed(Exception):
    """The file renames the programme or an organisation and that was not confirmed."""


def _write_header(validator: Validator, allow_renames: bool = True) -> Programme:
    if not allow_renames and header_changes(validator).get("renames"):
        raise RenameNotConfirmed
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
        if p["_has_debt_inventory"]:  # a version-1 record leaves it alone
            values["debt_inventory_on"] = p["debt_inventory_on"]
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
    forget_coaches()  # bulk writes send no signals: the policy asks again

    for kind in KINDS:
        _sync_kind(ctx, kind, batch, by_ref, new_ids, result, actor_id)
    ctx.load_staff({c["author"] for p in batch for c in p["contacts"] if c["author"]})
    ctx.load_staff(
        {
            n["by"]
            for p in batch
            for _path, g in iter_goals(p)
            for n in g["notes"]
            if n["by"] not in (None, NOTE_BY_PARTICIPANT)
        }
    )
    sync_plans(ctx, batch, by_ref, new_ids, result)

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
        "counts": {k: preview.counts.get(k, 0) for k in ALL_KEYS},
        "error_count": len(preview.errors),
        "warning_count": len(preview.warnings),
        "errors": [p.as_dict() for p in preview.errors[:MAX_STORED_PROBLEMS]],
        "warnings": [p.as_dict() for p in preview.warnings[:MAX_STORED_PROBLEMS]],
        "header": preview.header,
        "renames": preview.renames,
        "without_coach": preview.without_coach[:MAX_STORED_REFS],
        "without_coach_count": len(preview.without_coach),
        "odd_refs": preview.odd_refs[:MAX_STORED_REFS],
        "odd_ref_count": len(preview.odd_refs),
        "changed": [[ref, fields] for ref, fields in sorted(preview.changed.items())][
            :MAX_STORED_REFS
        ],
        "changed_count": len(preview.changed),
        "details_unchanged_count": len(preview.updated_refs) - len(preview.changed),
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
        is_workbook = workbook.is_workbook(target)
        preview = _preview_workbook(target) if is_workbook else preview_file(target)
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


def workbook_to_document(source: Path, target: Path) -> tuple[list[Problem], dict]:
    """Turn a workbook into an exchange document at `target` (JSON). Returns the problems
    of the spreadsheet itself (unknown sheets or columns, cells that are no date...) and
    where each record came from."""
    try:
        result = workbook.read_workbook(source)
    except workbook.WorkbookError as exc:
        return [Problem("", str(exc))], {}
    import json

    # Written as it is encoded (json.dump), not first made into one string of the whole file.
    with open(target, "w", encoding="utf-8") as out:
        json.dump(result.document, out, ensure_ascii=False)
    return result.problems, result.origins


def _preview_workbook(path: Path) -> Preview:
    """Preview of an uploaded .xlsx file: the rows become the exchange document (stored
    in place of the workbook), checked like a JSON file."""
    problems, origins = workbook_to_document(path, path)
    if problems and not origins:
        return Preview(errors=problems)
    preview = preview_file(path, origins=origins)
    preview.errors = problems + preview.errors
    return preview


IMPORT_JOB = "exchange.import"
BACKGROUND_FROM = 1000  # participants; setting EXCHANGE_BACKGROUND_FROM


def background_from() -> int:
    from django.conf import settings

    return getattr(settings, "EXCHANGE_BACKGROUND_FROM", BACKGROUND_FROM)


def queue_import(*, upload, actor: User, allow_renames: bool = False):
    """Queue the import of a large previewed upload as a background job (its status page
    shows the progress). Returns the job; the upload is marked as being imported."""
    from droomplan.jobs import enqueue

    if upload.preview.get("renames") and not allow_renames:
        raise RenameNotConfirmed
    with transaction.atomic():
        claimed = ExchangeUpload.objects.filter(pk=upload.pk, status=UploadStatus.PREVIEWED).update(
            status=UploadStatus.IMPORTING
        )
        if not claimed:
            return None
        upload.status = UploadStatus.IMPORTING
        return enqueue(
            IMPORT_JOB,
            owner=actor,
            dedupe_key=f"exchange-import:{upload.pk}",
            upload_id=str(upload.pk),
            actor_id=actor.pk,
            allow_renames=allow_renames,
        )


def run_queued_import(*, upload_id: str, actor_id: int, allow_renames: bool, progress) -> None:
    upload = ExchangeUpload.objects.get(pk=upload_id)
    if upload.status != UploadStatus.IMPORTING:
        return
    actor = User.objects.get(pk=actor_id)
    total = upload.preview.get("participants") or None
    upload.status = UploadStatus.PREVIEWED  # confirm_upload imports a previewed upload
    try:
        confirm_upload(
            upload=upload,
            actor=actor,
            allow_renames=allow_renames,
            progress=lambda done: progress(done, total),
        )
    except Exception:
        # Tried again by the job; until then it stays "being imported".
        ExchangeUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.IMPORTING)
        raise


def confirm_upload(
    *,
    upload,
    actor: User,
    allow_renames: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult | None:
    """Import a previewed upload. Returns None when it can no longer be imported. A file
    that renames the programme or an organisation is imported only with `allow_renames` (the
    lead ticked it on the preview); without it nothing happens (RenameNotConfirmed)."""
    if upload.status != UploadStatus.PREVIEWED or not upload.stored_name:
        return None
    path = upload_dir() / upload.stored_name
    if not path.is_file():
        return None
    if upload.preview.get("renames") and not allow_renames:
        raise RenameNotConfirmed
    try:
        result = import_file(path, actor=actor, allow_renames=allow_renames, progress=progress)
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
        "counts": {k: result.counts.get(k, 0) for k in ALL_KEYS},
        "warning_count": len(result.warnings),
    }
    upload.stored_name = ""
    upload.save()
    path.unlink(missing_ok=True)
    return result


EXPORT_JOB = "exchange.export"


def queue_export(*, programme: Programme, actor: User):
    """Queue the export of `programme`'s exchange document as a background job (the API's
    asynchronous export; the web page streams it at once). Returns the job; its result is
    the file."""
    from droomplan.jobs import enqueue

    return enqueue(EXPORT_JOB, owner=actor, actor_id=actor.pk, programme_id=programme.pk)


def export_file(*, actor_id: int, programme_id: int) -> tuple[str, bytes, str]:
    """The exchange document of a programme, for the export job: the right is checked again
    for the person who asked, and every family in it is logged under her name, as the web's
    export does. Returns (filename, content, content type)."""
    import io

    from django.core.exceptions import PermissionDenied

    from droomplan.access.policy import Verb, reports, visible_participants

    from .export import write_document

    user = User.objects.get(pk=actor_id)
    if not user.is_active or not reports.can(user, Verb.EXPORT, reports.Tool.EXCHANGE):
        raise PermissionDenied("No longer allowed to export the exchange file.")
    programme = Programme.objects.get(pk=programme_id)
    detail = f"exchange export {programme.code} (background)"
    record_many(
        request=None,
        user=user,
        action=Action.EXPORT,
        object_type="exchange_export",
        participants=visible_participants(user).filter(programme=programme).only("pk"),
        detail=detail,
    )
    record(
        request=None,
        user=user,
        action=Action.EXPORT,
        object_type="exchange_export",
        object_id=programme.pk,
        detail=detail,
    )
    buffer = io.StringIO()
    write_document(programme, buffer)
    filename = f"droomplan-{programme.code}-{timezone.localdate().isoformat()}.json"
    return filename, buffer.getvalue().encode(), "application/json"
