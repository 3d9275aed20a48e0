"""Validation of exchange documents (docs/exchange/FORMAT.md, versions 1 and 2).

Pure: no database access. Codes that may already exist in the database (organisations,
cohorts, municipalities, coaches, participants) are asked of a `Lookup` at the end, so the
validator can run over a stream of participants and still report every problem, each with its
JSON path (`participants[3].debts[0].amount`) and a plain message in the active language.

Messages are kept as untranslated msgids with parameters and translated when shown, so a
stored preview follows the reader's language."""

import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from droomplan.access.models import Consent
from droomplan.accounts.models import OrganisationKind
from droomplan.cases.models import ContactKind, EndReason
from droomplan.core.dates import EARLIEST, date_problem
from droomplan.core.domains import LifeDomain
from droomplan.instruments.definitions import SHIPPED
from droomplan.instruments.scoring import AnswerError, InstrumentDef, score
from droomplan.instruments.services import check_taken_on
from droomplan.lifedomains import validators as ld_validators
from droomplan.plans.models import ActionOwner, GoalStatus

from .reader import PARTICIPANTS, DocumentError, read_events

FORMAT = "droomplan-exchange"
VERSION = 2  # what the exporter writes
VERSIONS = (1, 2)  # what the importer reads

WORK_KINDS = ("paid", "paid_supported", "internship", "volunteer")
LIST_KEYS = ("children", "debts", "housing", "education", "work", "consents", "measurements")
# Version 2: the plan (dreams, goals, actions) and the contact log.
PLAN_KEYS = ("dreams", "goals", "actions", "goal_notes", "contacts")
V2_PARTICIPANT_KEYS = ("debt_inventory_on", "dreams", "goals", "contacts")
V2_MEASUREMENT_KEYS = ("version", "filled_in_by")
FILLED_IN_BY = ("professional", "participant")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL = re.compile(r"^-?\d+(\.\d{1,2})?$")
_CBS = re.compile(r"^GM\d{4}$")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$")
NOTE_BY_PARTICIPANT = "participant"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Problem:
    path: str
    message: str  # msgid
    params: tuple = ()  # ((name, value), ...)
    warning: bool = False

    @property
    def text(self) -> str:
        message = gettext(self.message)
        return message % dict(self.params) if self.params else message

    def __str__(self) -> str:
        where = self.path or gettext("the file")
        return f"{where}: {self.text}"

    place: tuple = ()  # the path for people: ((msgid or text, translate?), ...)

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "message": self.message,
            "params": list(self.params),
            "place": [list(p) for p in self.place],
        }

    @classmethod
    def from_dict(cls, data: dict, warning: bool = False) -> "Problem":
        return cls(
            data["path"],
            data["message"],
            tuple(tuple(p) for p in data["params"]),
            warning,
            tuple(tuple(p) for p in data.get("place", [])),
        )

    def with_place(self, refs: dict[int, str], place_of: Callable | None = None) -> "Problem":
        """The same problem with its place in words: in a document made from a spreadsheet
        the sheet, row and column (`place_of(path)`), otherwise the family and the field."""
        if self.place:
            return self
        place = place_of(self.path) if place_of is not None else ()
        return Problem(
            self.path,
            self.message,
            self.params,
            self.warning,
            place or human_place(self.path, refs),
        )

    @property
    def where(self) -> str:
        """Where the problem is, in words: "DM-0004, schuld 2, bedrag"."""
        if not self.place:
            return self.path or gettext("the file")
        parts = []
        for text, number in self.place:
            label = gettext(PLACE_NAMES.get(text, text)) if number is not None else text
            parts.append(f"{label} {number}" if number not in (None, 0) else label)
        return ", ".join(parts)


class Lookup(Protocol):
    """What the database already holds (see `selectors.DatabaseLookup`)."""

    def organisation_codes(self) -> set[str]: ...

    def cohort_codes(self, programme_code: str) -> set[str]: ...

    def municipality_codes(self) -> set[str]: ...

    def coach_emails(self, emails: set[str]) -> set[str]: ...

    def staff_emails(self, emails: set[str]) -> set[str]: ...

    def existing_refs(self, programme_code: str, refs: set[str]) -> set[str]: ...

    def anonymised_refs(self, programme_code: str, refs: set[str]) -> set[str]: ...


@dataclass
class EmptyLookup:
    """A database with nothing in it but the given municipalities (for pure tests)."""

    municipalities: set[str] = field(default_factory=set)
    organisations: set[str] = field(default_factory=set)
    cohorts: set[str] = field(default_factory=set)
    coaches: set[str] = field(default_factory=set)
    refs: set[str] = field(default_factory=set)
    anonymised: set[str] = field(default_factory=set)

    def organisation_codes(self):
        return self.organisations

    def cohort_codes(self, programme_code):
        return self.cohorts

    def municipality_codes(self):
        return self.municipalities

    def coach_emails(self, emails):
        return {e for e in emails if e in self.coaches}

    def staff_emails(self, emails):
        return {e for e in emails if e in self.coaches}

    def existing_refs(self, programme_code, refs):
        return refs & self.refs

    def anonymised_refs(self, programme_code, refs):
        return refs & self.anonymised


# --- field kinds --------------------------------------------------------------------------


class _Invalid(Exception):
    def __init__(self, message: str, **params):
        self.message = message
        self.params = tuple(params.items())


def _str(value, *, max_length: int = 200, blank: bool = False):
    if not isinstance(value, str):
        raise _Invalid(gettext_noop("not text"))
    value = value.strip()
    if not value and not blank:
        raise _Invalid(gettext_noop("must not be empty"))
    if len(value) > max_length:
        raise _Invalid(gettext_noop("longer than %(max)s characters"), max=max_length)
    return value


def _text(max_length: int = 200, blank: bool = False):
    return lambda v: _str(v, max_length=max_length, blank=blank)


def _code(value):
    value = _str(value, max_length=50)
    if not _SLUG.match(value):
        raise _Invalid(gettext_noop("a code may only hold letters, digits, - and _"))
    return value


def _date(value):
    if not isinstance(value, str) or not _DATE.match(value):
        raise _Invalid(gettext_noop("not a date (YYYY-MM-DD)"))
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _Invalid(gettext_noop("not an existing date")) from None


def _moment(value):
    """A moment: `YYYY-MM-DDTHH:MM[:SS]` with or without an offset (without: local time)."""
    if not isinstance(value, str) or not _MOMENT.match(value):
        raise _Invalid(gettext_noop("not a date and time (YYYY-MM-DDTHH:MM:SS+01:00)"))
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise _Invalid(gettext_noop("not an existing date and time")) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _note_by(value):
    """Who wrote a note on a goal: `participant` (she did, in her portal) or a staff e-mail."""
    if value == NOTE_BY_PARTICIPANT:
        return value
    try:
        return _email(value)
    except _Invalid:
        raise _Invalid(
            gettext_noop("must be participant or the e-mail address of a staff member")
        ) from None


def _bool(value):
    if not isinstance(value, bool):
        raise _Invalid(gettext_noop("must be true or false"))
    return value


def _int(low: int, high: int):
    def check(value):
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                raise _Invalid(gettext_noop("not a whole number"))
        if not low <= value <= high:
            raise _Invalid(gettext_noop("must be between %(min)s and %(max)s"), min=low, max=high)
        return value

    return check


def _money(value):
    if not isinstance(value, str) or not _DECIMAL.match(value.strip()):
        raise _Invalid(gettext_noop('not a decimal (write euros as a string, e.g. "1234.56")'))
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:  # pragma: no cover (the pattern rules it out)
        raise _Invalid(gettext_noop("not a decimal")) from None
    if amount < 0:
        raise _Invalid(gettext_noop("must not be negative"))
    if amount >= Decimal("100000000"):
        raise _Invalid(gettext_noop("too large"))
    return amount


def _hours(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Invalid(gettext_noop("not a number"))
    if not 0 <= value <= 1000:  # the domain rule says more precisely (lifedomains.validators)
        raise _Invalid(gettext_noop("must be between %(min)s and %(max)s"), min=0, max=1000)
    hours = Decimal(str(value))
    if hours != hours.quantize(Decimal("0.1")):
        raise _Invalid(gettext_noop("at most one decimal"))
    return hours


def _choice(choices: Iterable[str]):
    allowed = tuple(choices)

    def check(value):
        if value not in allowed:
            raise _Invalid(gettext_noop("must be one of: %(choices)s"), choices=", ".join(allowed))
        return value

    return check


def _cbs(value):
    value = _str(value, max_length=6)
    if not _CBS.match(value):
        raise _Invalid(
            gettext_noop("not a CBS municipality code (GM and four digits, e.g. GM0935)")
        )
    return value


def _email(value):
    value = _str(value, max_length=254)
    if not _EMAIL.match(value):
        raise _Invalid(gettext_noop("not an e-mail address"))
    return value.lower()


def _scopes(value):
    if not isinstance(value, list):
        raise _Invalid(gettext_noop("must be a list"))
    if not value:
        raise _Invalid(gettext_noop("give at least one life domain"))
    for scope in value:
        if scope not in LifeDomain.values:
            raise _Invalid(
                gettext_noop("unknown life domain %(code)s; use %(choices)s"),
                code=str(scope)[:40],
                choices=", ".join(LifeDomain.values),
            )
    if len(set(value)) != len(value):
        raise _Invalid(gettext_noop("a life domain is named twice"))
    return sorted(value)


@dataclass(frozen=True)
class F:
    check: Callable[[Any], Any]
    required: bool = False  # may not be absent or null


PROGRAMME = {
    "code": F(_code, True),
    "name": F(_text(200), True),
    "max_age_at_intake": F(_int(12, 99)),
}
ORGANISATION = {
    "code": F(_code, True),
    "name": F(_text(200), True),
    "kind": F(_choice(OrganisationKind.values), True),
}
COHORT = {"code": F(_code, True), "name": F(_text(200), True), "start_date": F(_date, True)}
PARTICIPANT = {
    "ref": F(_text(50), True),
    "given_name": F(_text(100), True),
    "family_name": F(_text(100), True),
    "birth_date": F(_date, True),
    "municipality": F(_cbs, True),
    "single_parent": F(_bool, True),
    "cohort": F(_code),
    "intake_date": F(_date, True),
    "start_date": F(_date),
    "end_date": F(_date),
    "end_reason": F(_choice(EndReason.values)),
    "coach": F(_email),
    **{key: F(lambda v: v) for key in LIST_KEYS},
    "debt_inventory_on": F(_date),
    "dreams": F(lambda v: v),
    "goals": F(lambda v: v),
    "contacts": F(lambda v: v),
}
CHILD = {"given_name": F(_text(100), True), "birth_date": F(_date, True)}
DEBT = {
    "creditor": F(_text(200), True),
    "amount": F(_money, True),
    "registered_on": F(_date, True),
    "settled_on": F(_date),
}
HOUSING = {
    "date": F(_date, True),
    "adequate": F(_bool, True),
    "situation": F(_text(300, blank=True)),
}
EDUCATION = {
    "name": F(_text(200), True),
    "level": F(_text(50, blank=True)),
    "started_on": F(_date),
    "completed_on": F(_date),
    "stopped_on": F(_date),
}
WORK = {
    "kind": F(_choice(WORK_KINDS), True),
    "employer": F(_text(200, blank=True)),
    "started_on": F(_date, True),
    "ended_on": F(_date),
    "hours_per_week": F(_hours),
}
CONSENT = {
    "organisation": F(_code, True),
    "scopes": F(_scopes, True),
    "given_on": F(_date, True),
    "expires_on": F(_date),
    "withdrawn_on": F(_date),
}
MEASUREMENT = {
    "instrument": F(_text(50), True),
    "taken_on": F(_date, True),
    "answers": F(lambda v: v, True),
    "version": F(_text(20)),
    "filled_in_by": F(_choice(FILLED_IN_BY)),
}
DREAM = {
    "ref": F(_text(50)),
    "text": F(_text(2000), True),
    "created_on": F(_date),
    "goals": F(lambda v: v),
}
GOAL = {
    "ref": F(_text(50)),
    "title": F(_text(300), True),
    "domain": F(_choice(LifeDomain.values), True),
    "child": F(_int(0, 99)),
    "status": F(_choice(GoalStatus.values)),
    "status_reason": F(_text(500, blank=True)),
    "created_on": F(_date),
    "target_date": F(_date),
    "status_changed_on": F(_date),
    "actions": F(lambda v: v),
    "notes": F(lambda v: v),
}
# A note of the mother on a goal (plans.GoalNote; this installation's addition to version 2).
GOAL_NOTE = {
    "ref": F(_text(50)),
    "written_at": F(_moment, True),
    "went_well": F(_text(500, blank=True)),
    "difficult": F(_text(500, blank=True)),
    "by": F(_note_by),
}
ACTION = {
    "ref": F(_text(50)),
    "description": F(_text(300), True),
    "owner": F(_choice(ActionOwner.values), True),
    "organisation": F(_code),
    "created_on": F(_date),
    "due_date": F(_date),
    "done_on": F(_date),
}
CONTACT = {
    "ref": F(_text(50)),
    "date": F(_date, True),
    "kind": F(_choice(ContactKind.values), True),
    "duration_minutes": F(_int(1, 720), True),
    "note": F(_text(4000), True),
    "domain": F(_choice(LifeDomain.values)),
    "author": F(_email),
    "shared_with": F(lambda v: v),
}


def _join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


class Validator:
    """Feed it the events of `reader.read_events`; `finish()` resolves codes against the
    database and returns the problems (errors and warnings).

    `clean_participant` is also what the importer uses to turn a raw participant into Python
    values, so the rules live in one place."""

    def __init__(
        self,
        lookup: Lookup,
        instruments: dict[str, InstrumentDef] | None = None,
        today: datetime.date | None = None,
    ):
        self.lookup = lookup
        if instruments is None:
            instruments = getattr(lookup, "instruments", lambda: SHIPPED)()
        self.instruments = instruments
        # (instrument code, version code) → definition; loaded when a file names a version
        self._versions_of = getattr(lookup, "versions", lambda: {})
        self._versions: dict | None = None
        self.today = today or timezone.localdate()
        self.sink: Callable[[dict], None] | None = None  # receives each clean participant
        self.problems: list[Problem] = []
        self.seen_keys: set[str] = set()
        self.programme: dict | None = None
        self.organisations: list[dict] = []
        self.cohorts: list[dict] = []
        self.refs: set[str] = set()
        self.participant_count = 0
        self.counts: Counter = Counter()
        self._cohort_refs: dict[str, list[str]] = {}
        self._org_refs: dict[str, list[str]] = {}
        self._coach_refs: dict[str, list[str]] = {}
        self._municipality_refs: dict[str, list[str]] = {}
        self._ref_paths: dict[str, str] = {}
        self._author_refs: dict[str, list[str]] = {}
        self.index_refs: dict[int, str] = {}  # participants[i] → her ref (for messages)
        self.active_coach: dict[str, str | None] = {}  # active after import → file's coach
        self.details: dict[str, tuple] = {}  # ref → values of DETAIL_FIELDS
        self.version: int | None = None

    # -- helpers --
    def add(self, path: str, message: str, params: tuple = (), warning: bool = False) -> None:
        self.problems.append(Problem(path, message, params, warning))

    def record(self, raw, path: str, spec: dict[str, F], problems=None) -> dict | None:
        """Check one JSON object against `spec`; returns the clean values (None for the
        fields with a problem) or None when `raw` is not an object."""
        add = problems.append if problems is not None else None
        if not isinstance(raw, dict):
            self._add(add, Problem(path, gettext_noop("must be an object {…}")))
            return None
        clean: dict = {}
        if not raw.keys() <= spec.keys():
            for key in raw:
                if key not in spec:
                    self._add(add, Problem(_join(path, key), gettext_noop("unknown field")))
        today = self.today
        for name, f in spec.items():
            value = raw.get(name)
            if value is None:
                if f.required:
                    self._add(add, Problem(_join(path, name), gettext_noop("required")))
                clean[name] = None
                continue
            try:
                value = f.check(value)
            except _Invalid as exc:
                self._add(add, Problem(_join(path, name), exc.message, exc.params))
                clean[name] = None
                continue
            # The one rule for dates that make no sense (core.dates), as in the forms; a date
            # from 1900 up to today passes it whatever the field (the usual case, not asked).
            if isinstance(value, datetime.date) and not (
                type(value) is datetime.date and EARLIEST <= value <= today
            ):
                problem = date_problem(value, today=today, birth=name == "birth_date")
                if problem is not None:
                    message, params = problem
                    self._add(add, Problem(_join(path, name), message, tuple(params.items())))
                    value = None
            clean[name] = value
        return clean

    def _add(self, add, problem: Problem) -> None:
        (add or self.problems.append)(problem)

    # -- top level --
    def top(self, key: str, value) -> None:
        if key in self.seen_keys:
            self.add(key, gettext_noop("appears twice in the document"))
            return
        self.seen_keys.add(key)
        if key == "format":
            if value != FORMAT:
                self.add(key, gettext_noop('must be "%(format)s"'), (("format", FORMAT),))
        elif key == "version":
            if value not in VERSIONS or isinstance(value, bool):
                self.add(
                    key,
                    gettext_noop("unsupported version; this installation reads versions 1 and 2"),
                )
            else:
                self.version = value
        elif key == "programme":
            self.programme = self.record(value, key, PROGRAMME)
        elif key == "organisations":
            self.organisations = self._list_of(value, key, ORGANISATION, "code")
        elif key == "cohorts":
            self.cohorts = self._list_of(value, key, COHORT, "code")
        elif key == PARTICIPANTS:
            self.add(key, gettext_noop("must be a list […]"))
        else:
            self.add(key, gettext_noop("unknown field"))

    def _list_of(self, value, path: str, spec, unique: str) -> list[dict]:
        if not isinstance(value, list):
            self.add(path, gettext_noop("must be a list […]"))
            return []
        out, seen = [], set()
        for i, raw in enumerate(value):
            clean = self.record(raw, _join(path, i), spec)
            if clean is None:
                continue
            code = clean.get(unique)
            if code is not None:
                if code in seen:
                    self.add(_join(_join(path, i), unique), gettext_noop("this code appears twice"))
                seen.add(code)
            out.append(clean)
        return out

    def participant(self, index: int, raw) -> None:
        self.seen_keys.add(PARTICIPANTS)
        self.participant_count += 1
        clean, problems = self.clean_participant(index, raw)
        if clean is not None and clean.get("ref"):
            self.index_refs[index] = clean["ref"]
        self.problems.extend(problems)
        if clean is None:
            return
        if self.sink is not None and not problems:
            self.sink(clean)
        path = _join(PARTICIPANTS, index)
        ref = clean["ref"]
        if ref is not None:
            self.index_refs[index] = ref
            if clean["start_date"] and not clean["end_date"]:
                self.active_coach[ref] = clean["coach"]
            # her own details, to show in the preview what an update changes
            self.details[ref] = tuple(clean.get(f) for f in DETAIL_FIELDS)
            if ref in self.refs:
                self.add(_join(path, "ref"), gettext_noop("this ref appears twice in the file"))
            self.refs.add(ref)
            self._ref_paths.setdefault(ref, _join(path, "ref"))
        if clean["cohort"]:
            self._cohort_refs.setdefault(clean["cohort"], []).append(_join(path, "cohort"))
        if clean["municipality"]:
            self._municipality_refs.setdefault(clean["municipality"], []).append(
                _join(path, "municipality")
            )
        if clean["coach"]:
            self._coach_refs.setdefault(clean["coach"], []).append(_join(path, "coach"))
        for i, consent in enumerate(clean["consents"]):
            if consent and consent["organisation"]:
                self._org_refs.setdefault(consent["organisation"], []).append(
                    _join(_join(_join(path, "consents"), i), "organisation")
                )
        for goal_path, goal in iter_goals(clean, path):
            for j, note in enumerate(goal["notes"]):
                if note["by"] not in (None, NOTE_BY_PARTICIPANT):
                    self._author_refs.setdefault(note["by"], []).append(
                        _join(_join(_join(goal_path, "notes"), j), "by")
                    )
            for j, action in enumerate(goal["actions"]):
                if action["organisation"]:
                    self._org_refs.setdefault(action["organisation"], []).append(
                        _join(_join(_join(goal_path, "actions"), j), "organisation")
                    )
        for i, contact in enumerate(clean["contacts"]):
            contact_path = _join(_join(path, "contacts"), i)
            if contact["author"]:
                self._author_refs.setdefault(contact["author"], []).append(
                    _join(contact_path, "author")
                )
            for j, code in enumerate(contact["shared_with"]):
                self._org_refs.setdefault(code, []).append(
                    _join(_join(contact_path, "shared_with"), j)
                )
        for key in LIST_KEYS:
            self.counts[key] += len(clean[key])
        goals = [goal for _path, goal in iter_goals(clean, path)]
        self.counts["dreams"] += len(clean["dreams"])
        self.counts["goals"] += len(goals)
        self.counts["actions"] += sum(len(g["actions"]) for g in goals)
        self.counts["goal_notes"] += sum(len(g["notes"]) for g in goals)
        self.counts["contacts"] += len(clean["contacts"])

    def clean_participant(
        self, index: int, raw, *, rules: bool = True
    ) -> tuple[dict | None, list[Problem]]:
        """The participant as Python values (dates, Decimals, answers) and her problems.

        With `rules=False` only the values are parsed (the importer's second pass over a file
        that has already passed every rule)."""
        problems: list[Problem] = []
        path = _join(PARTICIPANTS, index)
        p = self.record(raw, path, PARTICIPANT, problems)
        if p is None:
            return None, problems

        def bad(field_path, message, **params):
            problems.append(Problem(field_path, message, tuple(params.items())))

        intake, start, end = p["intake_date"], p["start_date"], p["end_date"]
        if p["birth_date"] and intake and p["birth_date"] >= intake:
            bad(_join(path, "birth_date"), gettext_noop("after the intake date"))
        if start and intake and start < intake:
            bad(_join(path, "start_date"), gettext_noop("before the intake date"))
        if end and (start or intake) and end < (start or intake):
            bad(_join(path, "end_date"), gettext_noop("the trajectory ends before it started"))
        if p["end_reason"] and not end and "end_date" not in _bad_fields(problems, path):
            bad(_join(path, "end_reason"), gettext_noop("an end reason needs an end date"))
        if end and not p["end_reason"] and "end_reason" not in _bad_fields(problems, path):
            bad(_join(path, "end_reason"), gettext_noop("required when there is an end date"))

        specs = {
            "children": (CHILD, None),
            "debts": (DEBT, self._debt),
            "housing": (HOUSING, self._housing),
            "education": (EDUCATION, self._education),
            "work": (WORK, self._work),
            "consents": (CONSENT, self._consent),
            "measurements": (MEASUREMENT, self._measurement),
        }
        for key, (spec, extra) in specs.items():
            value = p[key]
            items: list = []
            if value is not None and not isinstance(value, list):
                bad(_join(path, key), gettext_noop("must be a list […]"))
            for i, raw_item in enumerate(value if isinstance(value, list) else []):
                item_path = _join(_join(path, key), i)
                item = self.record(raw_item, item_path, spec, problems)
                if item is None:
                    continue
                if extra is not None and rules:
                    extra(item, item_path, bad, problems, p)
                items.append(item)
            p[key] = items
        if self.version == 1:
            for key in V2_PARTICIPANT_KEYS:
                if key in raw:
                    bad(_join(path, key), gettext_noop("only in version 2 of the format"))
        # A participant without these keys (a version-1 record) leaves her plan and contact
        # log alone on re-import; with them (also empty), they become the file's.
        p["_has_plan"] = isinstance(raw, dict) and ("dreams" in raw or "goals" in raw)
        p["_has_contacts"] = isinstance(raw, dict) and "contacts" in raw
        p["_has_debt_inventory"] = isinstance(raw, dict) and "debt_inventory_on" in raw
        self._plan(p, path, bad, problems, rules)
        return p, problems

    # -- version 2: the plan and the contact log --
    def _items(self, value, path, spec, bad, problems) -> list[dict]:
        if value is None:
            return []
        if not isinstance(value, list):
            bad(path, gettext_noop("must be a list […]"))
            return []
        out = []
        for i, raw_item in enumerate(value):
            item_path = f"{path}[{i}]"
            item = self.record(raw_item, item_path, spec, problems)
            if item is not None:
                item["_path"] = item_path
                out.append(item)
        return out

    def _refs_unique(self, items, bad) -> None:
        seen: set[str] = set()
        for item in items:
            ref = item.get("ref")
            if ref is None:
                continue
            if ref in seen:
                bad(_join(item["_path"], "ref"), gettext_noop("this ref appears twice in the file"))
            seen.add(ref)

    def _plan(self, p, path, bad, problems, rules: bool) -> None:
        today = self.today
        dreams = self._items(p["dreams"], _join(path, "dreams"), DREAM, bad, problems)
        for dream in dreams:
            dream["goals"] = self._items(
                dream["goals"], _join(dream["_path"], "goals"), GOAL, bad, problems
            )
        p["dreams"] = dreams
        p["goals"] = self._items(p["goals"], _join(path, "goals"), GOAL, bad, problems)
        goals = [g for d in dreams for g in d["goals"]] + p["goals"]
        for goal in goals:
            goal["actions"] = self._items(
                goal["actions"], _join(goal["_path"], "actions"), ACTION, bad, problems
            )
            # Without `notes` (a spreadsheet, an older file) her notes on the goal stay as
            # they are; with `notes` (also empty) they become the file's.
            goal["_has_notes"] = goal["notes"] is not None
            goal["notes"] = self._items(
                goal["notes"], _join(goal["_path"], "notes"), GOAL_NOTE, bad, problems
            )
            for note in goal["notes"]:
                note["went_well"] = note["went_well"] or ""
                note["difficult"] = note["difficult"] or ""
            if goal["status"] is None and "status" not in _bad_fields(problems, goal["_path"]):
                goal["status"] = GoalStatus.OPEN
        contacts = self._items(p["contacts"], _join(path, "contacts"), CONTACT, bad, problems)
        for contact in contacts:
            contact["shared_with"] = self._shared_with(contact, bad)
        p["contacts"] = contacts
        self._refs_unique(dreams, bad)
        self._refs_unique(goals, bad)
        self._refs_unique([a for g in goals for a in g["actions"]], bad)
        self._refs_unique([n for g in goals for n in g["notes"]], bad)
        self._refs_unique(contacts, bad)
        if not rules:
            return

        def not_future(item, name):
            if item[name] is not None and item[name] > today:
                bad(_join(item["_path"], name), gettext_noop("is in the future"))

        for dream in dreams:
            not_future(dream, "created_on")
        for goal in goals:
            not_future(goal, "created_on")
            not_future(goal, "status_changed_on")
            gp = goal["_path"]
            child = goal["child"]
            if child is not None and child >= len(p["children"]):
                bad(
                    _join(gp, "child"),
                    gettext_noop("she has no child number %(index)s (counting from 0)"),
                    index=child,
                )
            if (
                goal["created_on"]
                and goal["status_changed_on"]
                and goal["status_changed_on"] < goal["created_on"]
            ):
                bad(_join(gp, "status_changed_on"), gettext_noop("before the goal was set"))
            if goal["status_changed_on"] and goal["status"] == GoalStatus.OPEN:
                bad(
                    _join(gp, "status_changed_on"),
                    gettext_noop("an open goal has no status change date"),
                )
            for action in goal["actions"]:
                not_future(action, "created_on")
                not_future(action, "done_on")
                ap = action["_path"]
                if (
                    action["owner"] == ActionOwner.PARTNER
                    and not action["organisation"]
                    and "organisation" not in _bad_fields(problems, ap)
                ):
                    bad(
                        _join(ap, "organisation"),
                        gettext_noop("required when a partner organisation does it"),
                    )
                if action["owner"] not in (None, ActionOwner.PARTNER) and action["organisation"]:
                    bad(
                        _join(ap, "organisation"),
                        gettext_noop("only for an action of a partner organisation"),
                    )
            for note in goal["notes"]:
                np = note["_path"]
                written = note["written_at"]
                if written is not None and timezone.localtime(written).date() > today:
                    bad(_join(np, "written_at"), gettext_noop("is in the future"))
                empty = not note["went_well"] and not note["difficult"]
                if empty and not {"went_well", "difficult"} & _bad_fields(problems, np):
                    bad(
                        _join(np, "went_well"),
                        gettext_noop("a note says what went well or what is hard (or both)"),
                    )
        # A contact note may be shared with an organisation only while she has given that
        # organisation consent: a valid consent in this same document on the contact's date.
        consents = [
            Consent(
                given_on=c["given_on"],
                expires_on=c["expires_on"],
                withdrawn_on=c["withdrawn_on"],
                scopes=c["scopes"] or [],
            )
            for c in p["consents"]
            if c["given_on"] is not None
        ]
        consent_orgs = [c["organisation"] for c in p["consents"] if c["given_on"] is not None]
        for contact in contacts:
            not_future(contact, "date")
            if contact["date"] is None:
                continue
            domain = contact["domain"]
            if contact["shared_with"] and not domain:
                if "domain" not in _bad_fields(problems, contact["_path"]):
                    bad(
                        _join(contact["_path"], "domain"),
                        gettext_noop("required to share the note: the life domain it is about"),
                    )
                continue
            for j, code in enumerate(contact["shared_with"]):
                valid = any(
                    org == code
                    and consent.is_valid_on(contact["date"])
                    and domain in consent.scopes
                    for org, consent in zip(consent_orgs, consents, strict=True)
                )
                if not valid:
                    bad(
                        _join(_join(contact["_path"], "shared_with"), j),
                        gettext_noop(
                            "shared with %(code)s, but she has no valid consent for %(code)s "
                            "on the date of this contact for its life domain"
                        ),
                        code=code,
                    )

    def _shared_with(self, contact, bad) -> list[str]:
        value = contact["shared_with"]
        if value is None or value == []:  # most notes are not shared
            return []
        path = _join(contact["_path"], "shared_with")
        if not isinstance(value, list):
            bad(path, gettext_noop("must be a list […]"))
            return []
        codes = []
        for j, code in enumerate(value):
            try:
                codes.append(_code(code))
            except _Invalid as exc:
                bad(_join(path, j), exc.message, **dict(exc.params))
        if len(set(codes)) != len(codes):
            bad(path, gettext_noop("an organisation is named twice"))
        return codes

    # -- per-kind rules: those of lifedomains.validators, access.Consent and instruments --
    def _domain_rule(self, item, path, bad, problems, errors: dict) -> None:
        taken = _bad_fields(problems, path)
        for name, messages in errors.items():
            if name in taken:
                continue
            for message in messages if isinstance(messages, list) else [messages]:
                bad(_join(path, name), str(message))

    def _debt(self, item, path, bad, problems, p):
        if item["amount"] is None or item["registered_on"] is None:
            return
        self._domain_rule(
            item,
            path,
            bad,
            problems,
            ld_validators.debt_errors(
                amount=item["amount"],
                registered_on=item["registered_on"],
                settled_on=item["settled_on"],
                today=self.today,
            ),
        )

    def _housing(self, item, path, bad, problems, p):
        if item["date"] is not None:
            self._domain_rule(
                item,
                path,
                bad,
                problems,
                ld_validators.housing_errors(date=item["date"], today=self.today),
            )

    def _education(self, item, path, bad, problems, p):
        self._domain_rule(
            item,
            path,
            bad,
            problems,
            ld_validators.education_errors(
                started_on=item["started_on"],
                completed_on=item["completed_on"],
                stopped_on=item["stopped_on"],
                today=self.today,
            ),
        )

    def _work(self, item, path, bad, problems, p):
        if item["kind"] is None or item["started_on"] is None:
            return
        self._domain_rule(
            item,
            path,
            bad,
            problems,
            ld_validators.work_errors(
                kind=item["kind"],
                employer=item["employer"],
                started_on=item["started_on"],
                ended_on=item["ended_on"],
                hours_per_week=item["hours_per_week"],
                today=self.today,
            ),
        )

    def _consent(self, item, path, bad, problems, p):
        if item["given_on"] is None:
            return
        consent = Consent(
            given_on=item["given_on"],
            expires_on=item["expires_on"],
            withdrawn_on=item["withdrawn_on"],
        )
        try:
            consent.clean()
        except ValidationError as exc:
            self._domain_rule(item, path, bad, problems, exc.message_dict)

    def _measurement(self, item, path, bad, problems, p):
        code, answers = item["instrument"], item["answers"]
        if item["taken_on"] is not None and p["intake_date"] is not None:
            try:
                check_taken_on(
                    SimpleNamespace(intake_date=p["intake_date"]),
                    item["taken_on"],
                    today=self.today,
                )
            except ValidationError as exc:
                self._domain_rule(item, path, bad, problems, exc.message_dict)
        instrument = self.instruments.get(code) if code else None
        if code and instrument is None:
            bad(
                _join(path, "instrument"),
                gettext_noop("unknown instrument; use %(choices)s"),
                choices=", ".join(self.instruments),
            )
        if instrument is not None and item.get("version"):
            if self._versions is None:
                self._versions = self._versions_of()
            versioned = self._versions.get((code, item["version"]))
            if versioned is None:
                known = sorted(v for c, v in self._versions if c == code)
                bad(
                    _join(path, "version"),
                    gettext_noop("unknown version of %(instrument)s; use %(choices)s"),
                    instrument=code,
                    choices=", ".join(known) or "—",
                )
                item["answers"] = None
                return
            instrument = versioned
        if answers is None:
            return
        if not isinstance(answers, dict):
            bad(_join(path, "answers"), gettext_noop("must be an object {…}"))
            item["answers"] = None
            return
        if instrument is None:
            return
        answers_path = _join(path, "answers")
        typed = {}
        for key, value in answers.items():
            if isinstance(value, bool) or not isinstance(value, int):
                bad(_join(answers_path, key), gettext_noop("not a whole number"))
            else:
                typed[key] = value
        try:
            # Validates and scores at once: the importer stores this score (total, groups,
            # band) without scoring again.
            item["score"] = score(instrument, typed)
            item["answers"] = typed
        except AnswerError as exc:
            item["answers"] = None
            for key, message in exc.problems.items():
                if key in answers and key not in typed:
                    continue  # already reported as not a whole number
                bad(_join(answers_path, key) if key else answers_path, message)
        else:
            if len(typed) != len(answers):
                item["answers"] = None

    # -- the end --
    def finish(self) -> list[Problem]:
        for key in ("format", "version", "programme", "participants"):
            if key not in self.seen_keys:
                self.add(key, gettext_noop("required"))
        programme_code = (self.programme or {}).get("code")
        orgs = {o["code"] for o in self.organisations if o.get("code")}
        orgs |= self.lookup.organisation_codes()
        for code, paths in self._org_refs.items():
            if code not in orgs:
                for path in paths:
                    self.add(
                        path, gettext_noop("unknown organisation code %(code)s"), (("code", code),)
                    )
        cohorts = {c["code"] for c in self.cohorts if c.get("code")}
        if programme_code:
            cohorts |= self.lookup.cohort_codes(programme_code)
        for code, paths in self._cohort_refs.items():
            if code not in cohorts:
                for path in paths:
                    self.add(path, gettext_noop("unknown cohort code %(code)s"), (("code", code),))
        municipalities = self.lookup.municipality_codes()
        for code, paths in self._municipality_refs.items():
            if code not in municipalities:
                for path in paths:
                    self.add(
                        path, gettext_noop("unknown municipality code %(code)s"), (("code", code),)
                    )
        if programme_code and self.refs:
            # Anonymisation is final: an older document must not bring her name back, and a
            # file that was anonymised is never created again.
            for ref in sorted(self.lookup.anonymised_refs(programme_code, self.refs)):
                self.add(
                    self._ref_paths[ref],
                    gettext_noop(
                        "the file of %(ref)s has been anonymised; an import may not change it "
                        "or create it again. Remove her from the file."
                    ),
                    (("ref", ref),),
                )
        staff = self.lookup.staff_emails(set(self._author_refs))
        for email, paths in self._author_refs.items():
            if email not in staff:
                for path in paths:
                    self.add(
                        path,
                        gettext_noop(
                            "no staff member with this e-mail address; the importing user "
                            "becomes the author"
                        ),
                        warning=True,
                    )
        known = self.lookup.coach_emails(set(self._coach_refs))
        for email, paths in self._coach_refs.items():
            if email not in known:
                for path in paths:
                    self.add(
                        path,
                        gettext_noop("no coach with this e-mail address; imported without a coach"),
                        warning=True,
                    )
        self.problems.sort(key=lambda p: _path_key(p.path))
        return self.problems

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]


# A participant's own details (not her lists), compared in the preview of an update.
DETAIL_FIELDS = (
    "given_name",
    "family_name",
    "birth_date",
    "municipality",
    "single_parent",
    "cohort",
    "intake_date",
    "start_date",
    "end_date",
    "end_reason",
)

# Names of the lists and fields of the format, for messages (`Problem.where`).
PLACE_NAMES = {
    "participants": gettext_noop("participant"),
    "children": gettext_noop("child"),
    "debts": gettext_noop("debt"),
    "housing": gettext_noop("housing record"),
    "education": gettext_noop("education"),
    "work": gettext_noop("work"),
    "consents": gettext_noop("consent"),
    "measurements": gettext_noop("measurement"),
    "dreams": gettext_noop("dream"),
    "goals": gettext_noop("goal"),
    "actions": gettext_noop("action"),
    "notes": gettext_noop("note on the goal"),
    "went_well": gettext_noop("what went well"),
    "difficult": gettext_noop("what is hard"),
    "written_at": gettext_noop("written at"),
    "by": gettext_noop("written by"),
    "contacts": gettext_noop("contact moment"),
    "organisations": gettext_noop("organisation"),
    "cohorts": gettext_noop("cohort"),
    "programme": gettext_noop("programme"),
    "shared_with": gettext_noop("shared with"),
    "answers": gettext_noop("answer"),
    "ref": gettext_noop("case number"),
    "code": gettext_noop("code"),
    "name": gettext_noop("name"),
    "kind": gettext_noop("kind"),
    "given_name": gettext_noop("first name"),
    "family_name": gettext_noop("last name"),
    "birth_date": gettext_noop("date of birth"),
    "municipality": gettext_noop("municipality"),
    "single_parent": gettext_noop("single parent"),
    "cohort": gettext_noop("cohort"),
    "intake_date": gettext_noop("intake date"),
    "start_date": gettext_noop("start date"),
    "end_date": gettext_noop("end date"),
    "end_reason": gettext_noop("end reason"),
    "coach": gettext_noop("coach"),
    "creditor": gettext_noop("creditor"),
    "amount": gettext_noop("amount"),
    "registered_on": gettext_noop("registered on"),
    "settled_on": gettext_noop("settled on"),
    "date": gettext_noop("date"),
    "organisation": gettext_noop("organisation"),
    "scopes": gettext_noop("life domains"),
    "given_on": gettext_noop("given on"),
    "expires_on": gettext_noop("expires on"),
    "withdrawn_on": gettext_noop("withdrawn on"),
    "instrument": gettext_noop("instrument"),
    "taken_on": gettext_noop("taken on"),
    "version": gettext_noop("version"),
    "title": gettext_noop("title"),
    "domain": gettext_noop("life domain"),
    "status": gettext_noop("status"),
    "created_on": gettext_noop("created on"),
    "target_date": gettext_noop("target date"),
    "due_date": gettext_noop("due date"),
    "done_on": gettext_noop("done on"),
    "note": gettext_noop("note"),
    "author": gettext_noop("author"),
    # a spreadsheet (exchange/workbook.py)
    "sheet": gettext_noop("sheet"),
    "row": gettext_noop("row"),
    "column": gettext_noop("column"),
}
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def human_place(path: str, refs: dict[int, str]) -> tuple:
    """`participants[3].debts[1].amount` → ((ref of participant 3, None), ("debt", 2),
    ("amount", 0)): names are msgids (translated when shown), numbers count from 1."""
    steps = [(m.group(1), m.group(2)) for m in _STEP.finditer(path or "")]
    place: list = []
    i = 0
    while i < len(steps):
        name, _index = steps[i]
        following = steps[i + 1][1] if i + 1 < len(steps) else None
        if name == PARTICIPANTS and following is not None:
            index = int(following)
            ref = refs.get(index)
            if ref:
                place.append((ref, None))
            else:
                place.append((PLACE_NAMES[PARTICIPANTS], index + 1))
            i += 2
            continue
        label = PLACE_NAMES.get(name, name) if name else None
        if label is None:
            i += 1
            continue
        if following is not None:
            place.append((label, int(following) + 1))
            i += 2
        else:
            place.append((label, 0) if name in PLACE_NAMES else (name, None))
            i += 1
    return tuple(place)


def iter_goals(p: dict, path: str = ""):
    """Every goal of a clean participant with its path: those under a dream, then those
    without a dream."""
    for i, dream in enumerate(p.get("dreams") or []):
        for j, goal in enumerate(dream["goals"]):
            yield goal.get("_path") or f"{path}.dreams[{i}].goals[{j}]", goal
    for j, goal in enumerate(p.get("goals") or []):
        yield goal.get("_path") or f"{path}.goals[{j}]", goal


_PATH_PART = re.compile(r"(\d+)")


def _path_key(path: str) -> tuple:
    """participants[2] before participants[10]; top-level keys first."""
    return (
        path.startswith(PARTICIPANTS),
        [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in _PATH_PART.split(path)],
    )


def _bad_fields(problems: list[Problem], path: str) -> set[str]:
    prefix = path + "."
    return {p.path[len(prefix) :] for p in problems if p.path.startswith(prefix)}


def validate_stream(
    stream, lookup: Lookup, on_participant=None, today=None, sink=None
) -> Validator:
    """Run the validator over a file-like object. A file that is not a JSON object gives one
    problem at the document level. `sink(clean)` receives every participant without problems
    as Python values (the importer spools them for its second pass)."""
    validator = Validator(lookup, today=today)
    validator.sink = sink
    try:
        for event, key, value in read_events(stream):
            if event == "key":
                validator.top(key, value)
            elif event == "participant":
                validator.participant(key, value)
                if on_participant is not None:
                    on_participant(key)
            elif event == "participants_end":
                validator.seen_keys.add(PARTICIPANTS)
            elif event == "participants":
                validator.top(PARTICIPANTS, value)
    except DocumentError as exc:
        validator.problems = [Problem("", exc.message, tuple(exc.params.items()))]
        return validator
    validator.finish()
    return validator
