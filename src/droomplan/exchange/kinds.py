"""The lists of a participant in the exchange format and the models they live in.

Each kind says how a clean document item becomes model field values (`to_model`), how a row
becomes a document item again (`to_doc`), its natural key (how a re-import matches a row that
is already there) and the export order. Rows are matched on the key, updated when a field
differs, created when new, and deleted when the file no longer has them: after an import the
participant's lists are exactly the file's, while rows keep their id (and what hangs on them,
such as a goal for a child) when they are still in the file."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from droomplan.access.models import Consent
from droomplan.cases.models import Child
from droomplan.instruments.models import Measurement
from droomplan.instruments.scoring import score
from droomplan.lifedomains.models import Debt, Education, HousingStatus, WorkPlacement


def _date(value):
    return value.isoformat() if value is not None else None


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _hours(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class Kind:
    key: str  # the list's name in the document
    model: type[models.Model]
    fields: tuple[str, ...]  # model fields the document sets
    natural_key: tuple[str, ...]  # model fields that identify a row of one participant
    to_model: Callable[[dict, "Context"], dict]  # noqa: F821
    to_doc: Callable[[models.Model, "Context"], dict]  # noqa: F821
    order: Callable[[dict], tuple]  # sort key of exported items
    audited_by: str = ""  # field for the importing user on new rows

    def key_of(self, values: dict) -> tuple:
        return tuple(values[f] for f in self.natural_key)


def _measurement_values(item: dict, ctx) -> dict:
    instrument = ctx.instruments[item["instrument"]]
    result = item.get("score") or score(ctx.definitions[item["instrument"]], item["answers"])
    return {
        "instrument_id": instrument.pk,
        # Version 1 documents carry no version: the instrument's current one.
        "instrument_version_id": instrument.current_version_id,
        "taken_on": item["taken_on"],
        "answers": dict(item["answers"]),
        "total": result.total,
        "group_scores": dict(result.groups),
        "band": result.band,
    }


def _answers_doc(instrument_def, answers: dict) -> dict:
    """Answers in the instrument's item order, so an export is stable."""
    if instrument_def is None:
        return dict(sorted(answers.items()))
    order = [i.code for i in instrument_def.items]
    return {code: answers[code] for code in order if code in answers}


KINDS: list[Kind] = [
    Kind(
        key="children",
        model=Child,
        fields=("given_name", "birth_date"),
        natural_key=("given_name", "birth_date"),
        to_model=lambda i, ctx: {"given_name": i["given_name"], "birth_date": i["birth_date"]},
        to_doc=lambda o, ctx: {"given_name": o.given_name, "birth_date": _date(o.birth_date)},
        order=lambda d: (d["birth_date"], d["given_name"]),
    ),
    Kind(
        key="debts",
        model=Debt,
        fields=("creditor", "amount", "registered_on", "settled_on"),
        natural_key=("creditor", "registered_on"),
        to_model=lambda i, ctx: {
            "creditor": i["creditor"],
            "amount": i["amount"],
            "registered_on": i["registered_on"],
            "settled_on": i["settled_on"],
        },
        to_doc=lambda o, ctx: {
            "creditor": o.creditor,
            "amount": _money(o.amount),
            "registered_on": _date(o.registered_on),
            "settled_on": _date(o.settled_on),
        },
        order=lambda d: (d["registered_on"], d["creditor"], d["amount"]),
        audited_by="created_by_id",
    ),
    Kind(
        key="housing",
        model=HousingStatus,
        fields=("date", "adequate", "situation"),
        natural_key=("date",),
        to_model=lambda i, ctx: {
            "date": i["date"],
            "adequate": i["adequate"],
            "situation": i["situation"] or "",
        },
        to_doc=lambda o, ctx: {
            "date": _date(o.date),
            "adequate": o.adequate,
            "situation": o.situation,
        },
        order=lambda d: (d["date"], d["situation"]),
        audited_by="created_by_id",
    ),
    Kind(
        key="education",
        model=Education,
        fields=("name", "level", "started_on", "completed_on", "stopped_on"),
        natural_key=("name", "started_on"),
        to_model=lambda i, ctx: {
            "name": i["name"],
            "level": i["level"] or "",
            "started_on": i["started_on"],
            "completed_on": i["completed_on"],
            "stopped_on": i["stopped_on"],
        },
        to_doc=lambda o, ctx: {
            "name": o.name,
            "level": o.level,
            "started_on": _date(o.started_on),
            "completed_on": _date(o.completed_on),
            "stopped_on": _date(o.stopped_on),
        },
        order=lambda d: (d["started_on"] or "", d["name"]),
        audited_by="created_by_id",
    ),
    Kind(
        key="work",
        model=WorkPlacement,
        fields=("kind", "employer", "started_on", "ended_on", "hours_per_week"),
        natural_key=("kind", "employer", "started_on"),
        to_model=lambda i, ctx: {
            "kind": i["kind"],
            "employer": i["employer"] or "",
            "started_on": i["started_on"],
            "ended_on": i["ended_on"],
            "hours_per_week": i["hours_per_week"],
        },
        to_doc=lambda o, ctx: {
            "kind": o.kind,
            "employer": o.employer_name,
            "started_on": _date(o.started_on),
            "ended_on": _date(o.ended_on),
            "hours_per_week": _hours(o.hours_per_week),
        },
        order=lambda d: (d["started_on"], d["kind"], d["employer"]),
        audited_by="created_by_id",
    ),
    Kind(
        key="consents",
        model=Consent,
        fields=("organisation_id", "scopes", "given_on", "expires_on", "withdrawn_on"),
        natural_key=("organisation_id", "given_on"),
        to_model=lambda i, ctx: {
            "organisation_id": ctx.organisations[i["organisation"]],
            "scopes": list(i["scopes"]),
            "given_on": i["given_on"],
            "expires_on": i["expires_on"],
            "withdrawn_on": i["withdrawn_on"],
        },
        to_doc=lambda o, ctx: {
            "organisation": ctx.organisation_codes[o.organisation_id],
            "scopes": sorted(o.scopes),
            "given_on": _date(o.given_on),
            "expires_on": _date(o.expires_on),
            "withdrawn_on": _date(o.withdrawn_on),
        },
        order=lambda d: (d["given_on"], d["organisation"]),
        audited_by="recorded_by_id",
    ),
    Kind(
        key="measurements",
        model=Measurement,
        fields=(
            "instrument_id",
            "instrument_version_id",
            "taken_on",
            "answers",
            "total",
            "group_scores",
            "band",
        ),
        natural_key=("instrument_id", "taken_on"),
        to_model=_measurement_values,
        to_doc=lambda o, ctx: {
            "instrument": ctx.instrument_codes[o.instrument_id],
            "taken_on": _date(o.taken_on),
            "answers": _answers_doc(
                ctx.definitions.get(ctx.instrument_codes[o.instrument_id]), o.answers
            ),
        },
        order=lambda d: (d["taken_on"], d["instrument"]),
        audited_by="recorded_by_id",
    ),
]
