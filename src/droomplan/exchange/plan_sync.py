"""Version 2 of the exchange format: the plan (dreams, goals, actions) and the contact log.

Import: per batch of participants, her dreams, goals, actions and contacts become the file's.
An item is matched on its `ref` (the file's own key, stored as `exchange_ref`; a row made here
has the key `{kind}-{pk}`, which is what the export writes) or, without a ref, on a natural key
(dream: text; goal: title and domain; action: description; contact: date, kind and note).
Matched rows are updated when a field differs, new ones created, and rows the file no longer
has removed (for a participant that is in the file). The facts keep their own dates: a goal set
in 2024 and imported today shows as set in 2024 (`created_at` is set from `created_on`).

Export: `plan_doc` writes the same shape back; lists are sorted by date and ref, so export →
import → export gives the same document."""

import datetime
import functools

from django.utils import timezone

from droomplan.cases.models import Child, Contact
from droomplan.plans.models import Action, Dream, Goal, GoalNote, GoalStatus, GoalStatusChange

from .bulk import insert
from .validation import NOTE_BY_PARTICIPANT, iter_goals

PREFIX = {Dream: "dream", Goal: "goal", Action: "action", Contact: "contact", GoalNote: "note"}


def ref_of(row) -> str:
    return row.exchange_ref or f"{PREFIX[type(row)]}-{row.pk}"


@functools.lru_cache(maxsize=4096)
def _noon(day: datetime.date, zone) -> datetime.datetime:
    # Many facts share a date: make each moment once (per time zone).
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)), zone)


def _day(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).date().isoformat() if moment is not None else None


def _date(value) -> str | None:
    return value.isoformat() if value is not None else None


def _key(item: dict, natural: tuple) -> tuple:
    if item.get("ref"):
        return ("ref", item["ref"])
    return ("natural", *natural)


def _row_keys(row, natural: tuple) -> list[tuple]:
    return [("ref", ref_of(row)), ("natural", *natural)]


class _Pool:
    """The existing rows of one participant (or goal), findable by ref and by natural key; a
    row is taken at most once."""

    def __init__(self):
        self.by_key: dict[tuple, list] = {}
        self.taken: set[int] = set()
        self.rows: list = []

    def add(self, row, keys: list[tuple]) -> None:
        self.rows.append(row)
        for key in keys:
            self.by_key.setdefault(key, []).append(row)

    def take(self, key: tuple):
        for row in self.by_key.get(key, []):
            if row.pk not in self.taken:
                self.taken.add(row.pk)
                return row
        return None

    def left(self) -> list:
        return [row for row in self.rows if row.pk not in self.taken]


def _changed(row, values: dict) -> bool:
    return any(getattr(row, k) != v for k, v in values.items())


def sync_plans(ctx, batch: list[dict], by_ref: dict, new_ids: set, result) -> None:
    """Make the dreams, goals, actions and contacts of the batch's participants the file's."""
    now = timezone.now()
    zone = timezone.get_current_timezone()

    def moment(day: datetime.date | None, fallback: datetime.datetime) -> datetime.datetime:
        """A fact's date as the moment it was recorded (noon, local time)."""
        return _noon(day, zone) if day is not None else fallback

    actor_id = ctx.actor.pk if ctx.actor is not None else None
    pids = [by_ref[p["ref"]].pk for p in batch]
    if not any(p["_has_plan"] or p["_has_contacts"] for p in batch):
        return
    plan_ids = [by_ref[p["ref"]].pk for p in batch if p["_has_plan"]]
    contact_ids = [by_ref[p["ref"]].pk for p in batch if p["_has_contacts"]]
    old_plan_ids = [pid for pid in plan_ids if pid not in new_ids]
    old_contact_ids = [pid for pid in contact_ids if pid not in new_ids]

    children: dict[int, dict[tuple, int]] = {}
    for child in Child.objects.filter(participant_id__in=pids).order_by("pk"):
        children.setdefault(child.participant_id, {}).setdefault(
            (child.given_name, child.birth_date), child.pk
        )

    dreams: dict[int, _Pool] = {pid: _Pool() for pid in pids}
    goals: dict[int, _Pool] = {pid: _Pool() for pid in pids}
    actions: dict[int, _Pool] = {}
    contacts: dict[int, _Pool] = {pid: _Pool() for pid in pids}
    if old_plan_ids:
        for row in Dream.objects.filter(participant_id__in=old_plan_ids).order_by("pk"):
            dreams[row.participant_id].add(row, _row_keys(row, (row.text,)))
        goal_rows = Goal.objects.filter(participant_id__in=old_plan_ids).order_by("pk")
        for row in goal_rows:
            goals[row.participant_id].add(row, _row_keys(row, (row.title, row.domain)))
        actions_qs = Action.objects.filter(goal__participant_id__in=old_plan_ids).order_by("pk")
        for row in actions_qs:
            actions.setdefault(row.goal_id, _Pool()).add(row, _row_keys(row, (row.description,)))
    shared: dict[int, list[int]] = {}  # contact id → organisation ids, sorted
    if old_contact_ids:
        for row in Contact.objects.filter(participant_id__in=old_contact_ids).order_by("pk"):
            contacts[row.participant_id].add(row, _row_keys(row, (row.date, row.kind, row.note)))
        # One plain read of the links (a prefetch would build a manager and queryset per note).
        links = Contact.shared_with.through.objects.filter(
            contact__participant_id__in=old_contact_ids
        ).values_list("contact_id", "organisation_id")
        for contact_id, organisation_id in links.order_by("contact_id", "organisation_id"):
            shared.setdefault(contact_id, []).append(organisation_id)

    # Dreams first (goals point at them), then goals, actions, contacts.
    known = _Known()
    for pools in (dreams, goals, contacts):
        for pool in pools.values():
            known.add(pool.rows)
    for pool in actions.values():
        known.add(pool.rows)
    dream_creates: list[dict] = []
    dream_updates: list[Dream] = []
    dream_of: dict[int, int] = {}  # id(item) → pk
    dream_items: list[dict] = []
    for p in batch:
        pid = by_ref[p["ref"]].pk
        for item in p["dreams"]:
            values = {"text": item["text"], "exchange_ref": item.get("ref") or ""}
            row = dreams[pid].take(_key(item, (item["text"],)))
            if row is None:
                dream_creates.append(
                    {
                        "participant_id": pid,
                        "created_by_id": actor_id,
                        "created_at": moment(item["created_on"], now),
                        **values,
                    }
                )
                dream_items.append(item)
                continue
            else:
                values["exchange_ref"] = item.get("ref") or row.exchange_ref
                created = moment(item["created_on"], row.created_at)
                if _changed(row, values) or created != row.created_at:
                    for k, v in values.items():
                        setattr(row, k, v)
                    row.created_at = created
                    dream_updates.append(row)
            dream_of[id(item)] = row.pk
    for item, pk in zip(
        dream_items,
        _create(Dream, dream_creates, ("participant_id", "exchange_ref", "text"), known, pids),
        strict=True,
    ):
        dream_of[id(item)] = pk
    if dream_updates:
        Dream.objects.bulk_update(dream_updates, ["text", "exchange_ref", "created_at"])

    goal_creates: list[dict] = []
    goal_items: list[dict] = []
    goal_updates: list[Goal] = []
    goal_of: dict[int, int] = {}  # id(item) → pk
    changes: list[dict] = []
    for p in batch:
        pid = by_ref[p["ref"]].pk
        child_ids = children.get(pid, {})
        file_children = [(c["given_name"], c["birth_date"]) for c in p["children"]]
        for dream_item, item in _goals_with_dream(p):
            child_id = None
            if item["child"] is not None:
                child_id = child_ids.get(file_children[item["child"]])
            values = {
                "dream_id": dream_of[id(dream_item)] if dream_item is not None else None,
                "child_id": child_id,
                "domain": item["domain"],
                "title": item["title"],
                "target_date": item["target_date"],
                "status": item["status"],
                "status_reason": item["status_reason"] or "",
            }
            ref = item.get("ref") or ""
            row = goals[pid].take(_key(item, (item["title"], item["domain"])))
            if row is None:
                goal_creates.append(
                    {
                        "participant_id": pid,
                        "created_by_id": actor_id,
                        "exchange_ref": ref,
                        "created_at": moment(item["created_on"], now),
                        **values,
                    }
                )
                goal_items.append(item)
                continue
            else:
                values["exchange_ref"] = ref or row.exchange_ref
                created = moment(item["created_on"], row.created_at)
                if row.status != item["status"]:
                    changes.append(
                        {
                            "goal_id": row.pk,
                            "from_status": row.status,
                            "to_status": item["status"],
                            "reason": (item["status_reason"] or "")[:500],
                            "changed_by_id": actor_id,
                            "created_at": moment(item["status_changed_on"], now),
                        }
                    )
                if _changed(row, values) or created != row.created_at:
                    for k, v in values.items():
                        setattr(row, k, v)
                    row.created_at = created
                    row.version += 1
                    goal_updates.append(row)
            goal_of[id(item)] = row.pk
    goal_key = ("participant_id", "exchange_ref", "title", "domain")
    new_goal_ids = _create(Goal, goal_creates, goal_key, known, pids)
    for item, values, pk in zip(goal_items, goal_creates, new_goal_ids, strict=True):
        goal_of[id(item)] = pk
        changes.append(
            {
                "goal_id": pk,
                "from_status": "",
                "to_status": GoalStatus.OPEN,
                "changed_by_id": actor_id,
                "created_at": values["created_at"],
            }
        )
        # Without a date of the status change the history only says when she set it (the
        # file does not say when the status changed; the export then writes null again).
        if item["status"] != GoalStatus.OPEN and item["status_changed_on"] is not None:
            changes.append(
                {
                    "goal_id": pk,
                    "from_status": GoalStatus.OPEN,
                    "to_status": item["status"],
                    "reason": (item["status_reason"] or "")[:500],
                    "changed_by_id": actor_id,
                    "created_at": moment(item["status_changed_on"], now),
                }
            )
    if goal_updates:
        Goal.objects.bulk_update(
            goal_updates,
            [
                "dream_id",
                "child_id",
                "domain",
                "title",
                "target_date",
                "status",
                "status_reason",
                "exchange_ref",
                "created_at",
                "version",
            ],
        )
    insert(GoalStatusChange, changes)

    action_creates: list[dict] = []
    action_updates: list[Action] = []
    for p in batch:
        for _dream, goal_item in _goals_with_dream(p):
            goal_id = goal_of[id(goal_item)]
            pool = actions.get(goal_id) or _Pool()
            for item in goal_item["actions"]:
                values = {
                    "goal_id": goal_id,
                    "description": item["description"],
                    "owner": item["owner"],
                    "organisation_id": ctx.organisations[item["organisation"]]
                    if item["organisation"]
                    else None,
                    "due_date": item["due_date"],
                    "done_on": item["done_on"],
                }
                ref = item.get("ref") or ""
                key = _key(item, (item["description"],))
                row = pool.take(key)
                if row is None:
                    action_creates.append(
                        {
                            "created_by_id": actor_id,
                            "exchange_ref": ref,
                            "created_at": moment(item["created_on"], now),
                            **values,
                        }
                    )
                    continue
                values["exchange_ref"] = ref or row.exchange_ref
                created = moment(item["created_on"], row.created_at)
                if _changed(row, values) or created != row.created_at:
                    for k, v in values.items():
                        setattr(row, k, v)
                    row.created_at = created
                    row.version += 1
                    action_updates.append(row)
    stale_actions = [row.pk for pool in actions.values() for row in pool.left()]
    if stale_actions:
        Action.objects.filter(pk__in=stale_actions).delete()
    insert(Action, action_creates)
    if action_updates:
        Action.objects.bulk_update(
            action_updates,
            [
                "goal_id",
                "description",
                "owner",
                "organisation_id",
                "due_date",
                "done_on",
                "exchange_ref",
                "created_at",
                "version",
            ],
        )
    _sync_notes(ctx, batch, by_ref, goal_of, old_plan_ids, now)
    stale_goals = [row.pk for pool in goals.values() for row in pool.left()]
    if stale_goals:
        Goal.objects.filter(pk__in=stale_goals).delete()
    stale_dreams = [row.pk for pool in dreams.values() for row in pool.left()]
    if stale_dreams:
        Dream.objects.filter(pk__in=stale_dreams).delete()

    contact_creates: list[dict] = []
    contact_updates: list[Contact] = []
    shares: dict[int, list[int]] = {}  # id(row) → organisation ids (rows that change)
    new_shares: list[list[int]] = []  # per created contact
    for p in batch:
        pid = by_ref[p["ref"]].pk
        for item in p["contacts"]:
            author = ctx.staff(item["author"])
            values = {
                "date": item["date"],
                "kind": item["kind"],
                "duration_minutes": item["duration_minutes"],
                "note": item["note"],
                "domain": item.get("domain") or "",
            }
            ref = item.get("ref") or ""
            row = contacts[pid].take(_key(item, (item["date"], item["kind"], item["note"])))
            org_ids = sorted(ctx.organisations[code] for code in item["shared_with"])
            if row is None:
                author_id = author.pk if author is not None else ctx.default_author_id()
                # Recorded on its own date: an imported note is not "just written", so it
                # cannot be edited any more (corrections only, like any older note).
                contact_creates.append(
                    {
                        "participant_id": pid,
                        "author_id": author_id,
                        "exchange_ref": ref,
                        "created_at": moment(item["date"], now),
                        **values,
                    }
                )
                new_shares.append(org_ids)
                continue
            values["exchange_ref"] = ref or row.exchange_ref
            if author is not None:
                values["author_id"] = author.pk
            if _changed(row, values):
                for k, v in values.items():
                    setattr(row, k, v)
                row.version += 1
                contact_updates.append(row)
            if shared.get(row.pk, []) != org_ids:
                shares[id(row)] = org_ids
                if not contact_updates or contact_updates[-1] is not row:
                    contact_updates.append(row)
    stale_contacts = [row.pk for pool in contacts.values() for row in pool.left()]
    if stale_contacts:
        # A correction points at the note it corrects (PROTECT): remove the links first.
        Contact.objects.filter(corrects_id__in=stale_contacts).update(corrects=None)
        Contact.objects.filter(pk__in=stale_contacts).delete()
    through = Contact.shared_with.through
    if any(new_shares):
        contact_key = ("participant_id", "exchange_ref", "date", "kind", "note")
        new_contact_ids = _create(Contact, contact_creates, contact_key, known, pids)
    else:
        insert(Contact, contact_creates)
        new_contact_ids = []
    insert(
        through,
        [
            {"contact_id": pk, "organisation_id": org_id}
            for pk, org_ids in zip(new_contact_ids, new_shares, strict=False)
            for org_id in org_ids
        ],
    )
    if contact_updates:
        Contact.objects.bulk_update(
            contact_updates,
            [
                "date",
                "kind",
                "duration_minutes",
                "note",
                "domain",
                "author_id",
                "exchange_ref",
                "version",
            ],
        )
    updated = [r for r in contact_updates if id(r) in shares]
    if updated:
        through.objects.filter(contact_id__in=[r.pk for r in updated]).delete()
        insert(
            through,
            [
                {"contact_id": row.pk, "organisation_id": org_id}
                for row in updated
                for org_id in shares[id(row)]
            ],
        )

    for p in batch:
        goal_items = [g for _path, g in iter_goals(p)]
        result.counts["dreams"] += len(p["dreams"])
        result.counts["goals"] += len(goal_items)
        result.counts["actions"] += sum(len(g["actions"]) for g in goal_items)
        result.counts["goal_notes"] += sum(len(g["notes"]) for g in goal_items)
        result.counts["contacts"] += len(p["contacts"])


def _sync_notes(ctx, batch, by_ref, goal_of: dict, old_plan_ids: list, now) -> None:
    """Her notes on a goal become the file's, for each goal whose item has `notes`; matched on
    `ref`, else on what the note says. A note keeps its own moment (`written_at`)."""
    pools: dict[int, _Pool] = {}
    if old_plan_ids:
        rows = GoalNote.objects.filter(goal__participant_id__in=old_plan_ids).order_by("pk")
        for row in rows:
            pools.setdefault(row.goal_id, _Pool()).add(
                row, _row_keys(row, (row.went_well, row.difficult))
            )
    actor_id = ctx.actor.pk if ctx.actor is not None else None
    creates: list[dict] = []
    updates: list[GoalNote] = []
    touched: list[int] = []  # goals whose notes become the file's
    for p in batch:
        her_id = by_ref[p["ref"]].user_id
        for _dream, goal_item in _goals_with_dream(p):
            if not goal_item.get("_has_notes"):
                continue
            goal_id = goal_of[id(goal_item)]
            touched.append(goal_id)
            pool = pools.get(goal_id) or _Pool()
            for item in goal_item["notes"]:
                if item["by"] in (None, NOTE_BY_PARTICIPANT):
                    written_by_id = her_id
                else:
                    staff = ctx.staff(item["by"])
                    written_by_id = staff.pk if staff is not None else actor_id
                values = {
                    "goal_id": goal_id,
                    "went_well": item["went_well"],
                    "difficult": item["difficult"],
                    "written_by_id": written_by_id,
                }
                ref = item.get("ref") or ""
                row = pool.take(_key(item, (item["went_well"], item["difficult"])))
                if row is None:
                    creates.append(
                        {"exchange_ref": ref, "created_at": item["written_at"] or now, **values}
                    )
                    continue
                values["exchange_ref"] = ref or row.exchange_ref
                if item["by"] in (None, NOTE_BY_PARTICIPANT) and her_id is None:
                    # she has no portal account here: the note stays hers, unnamed
                    values["written_by_id"] = row.written_by_id
                values["created_at"] = item["written_at"] or row.created_at
                if _changed(row, values):
                    for k, v in values.items():
                        setattr(row, k, v)
                    updates.append(row)
    stale = [row.pk for goal_id in touched for row in (pools.get(goal_id) or _Pool()).left()]
    if stale:
        GoalNote.objects.filter(pk__in=stale).delete()
    insert(GoalNote, creates)
    if updates:
        GoalNote.objects.bulk_update(
            updates, ["went_well", "difficult", "written_by_id", "exchange_ref", "created_at"]
        )


def _goals_with_dream(p: dict):
    for dream in p["dreams"]:
        for goal in dream["goals"]:
            yield dream, goal
    for goal in p["goals"]:
        yield None, goal


class _Known:
    """Ids of rows (per model) that were there before this batch wrote them."""

    def __init__(self):
        self.by_model: dict[type, set[int]] = {}

    def add(self, rows) -> None:
        for row in rows:
            self.by_model.setdefault(type(row), set()).add(row.pk)

    def of(self, model) -> set[int]:
        return self.by_model.setdefault(model, set())


def _create(model, rows: list[dict], key: tuple, known: _Known, pids: list[int]) -> list[int]:
    """Insert the rows (fast path: with their own `created_at`) and return their ids in the
    same order: read back the batch's new rows and match them on `key`, in id order."""
    if not rows:
        return []
    insert(model, rows)
    fresh: dict[tuple, list[int]] = {}
    found = model.objects.filter(participant_id__in=pids).order_by("pk").values_list("pk", *key)
    taken = known.of(model)
    for pk, *values in found:
        if pk not in taken:
            fresh.setdefault(tuple(values), []).append(pk)
    ids = []
    for row in rows:
        pk = fresh[tuple(row[k] for k in key)].pop(0)
        taken.add(pk)
        ids.append(pk)
    return ids


# --- export --------------------------------------------------------------------------------


PREFETCH = (
    "dreams",
    "goals__actions",
    "goals__status_changes",
    "goals__notes__written_by",
    "contacts__shared_with",
    "contacts__author",
)


def plan_doc(p, ctx, children: list[dict]) -> dict:
    """The participant's dreams, goals without a dream, and contacts as document items.
    `children` is her exported children list (a goal's `child` is an index into it)."""
    child_index = {(c["given_name"], c["birth_date"]): i for i, c in enumerate(children)}
    child_keys = {c.pk: (c.given_name, c.birth_date.isoformat()) for c in p.children.all()}

    def note_doc(note) -> dict:
        writer = note.written_by
        staff = writer is not None and writer.pk != p.user_id and writer.email
        return {
            "ref": ref_of(note),
            "written_at": timezone.localtime(note.created_at).isoformat(timespec="seconds"),
            "went_well": note.went_well,
            "difficult": note.difficult,
            "by": writer.email.lower() if staff else NOTE_BY_PARTICIPANT,
        }

    def goal_doc(goal) -> dict:
        changed_on = None
        if goal.status != GoalStatus.OPEN:
            to_now = [c for c in goal.status_changes.all() if c.to_status == goal.status]
            if to_now:
                changed_on = _day(max(to_now, key=lambda c: (c.created_at, c.pk)).created_at)
        actions = [
            {
                "ref": ref_of(a),
                "description": a.description,
                "owner": a.owner,
                "organisation": ctx.organisation_codes[a.organisation_id]
                if a.organisation_id
                else None,
                "created_on": _day(a.created_at),
                "due_date": _date(a.due_date),
                "done_on": _date(a.done_on),
            }
            for a in goal.actions.all()
        ]
        return {
            "ref": ref_of(goal),
            "title": goal.title,
            "domain": goal.domain,
            "child": child_index.get(child_keys.get(goal.child_id)) if goal.child_id else None,
            "status": goal.status,
            "status_reason": goal.status_reason or None,
            "created_on": _day(goal.created_at),
            "target_date": _date(goal.target_date),
            "status_changed_on": changed_on,
            "actions": sorted(actions, key=lambda a: (a["created_on"] or "", a["ref"])),
            "notes": sorted(
                (note_doc(n) for n in goal.notes.all()),
                key=lambda n: (n["written_at"], n["ref"]),
            ),
        }

    goals = [goal_doc(g) for g in p.goals.all()]
    by_dream: dict[int | None, list[dict]] = {}
    for goal, doc in zip(p.goals.all(), goals, strict=True):
        by_dream.setdefault(goal.dream_id, []).append(doc)

    def ordered(items: list[dict], date_key: str) -> list[dict]:
        return sorted(items, key=lambda d: (d[date_key] or "", d["ref"]))

    dreams = [
        {
            "ref": ref_of(d),
            "text": d.text,
            "created_on": _day(d.created_at),
            "goals": ordered(by_dream.get(d.pk, []), "created_on"),
        }
        for d in p.dreams.all()
    ]
    contacts = [
        {
            "ref": ref_of(c),
            "date": _date(c.date),
            "kind": c.kind,
            "duration_minutes": c.duration_minutes,
            "note": c.note,
            "domain": c.domain or None,
            "author": c.author.email.lower() or None,
            "shared_with": sorted(ctx.organisation_codes[o.pk] for o in c.shared_with.all()),
        }
        for c in p.contacts.all()
    ]
    return {
        "dreams": ordered(dreams, "created_on"),
        "goals": ordered(by_dream.get(None, []), "created_on"),
        "contacts": ordered(contacts, "date"),
    }
