"""Writes of measurements and question wordings. Every write leaves an access-log entry.

The checks are reusable on their own (the exchange importer validates many measurements before
it writes any): `instrument_for_code`, `check_answers`, `check_taken_on`. They raise
`ValidationError` with Dutch messages keyed by field (`instrument`, `taken_on`, `answers`), and
for answers also `AnswerError.problems` per item code."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.cases.models import Participant

from .models import (
    FilledInBy,
    Instrument,
    InstrumentVersion,
    Item,
    ItemLabel,
    Measurement,
    ProgrammeInstrumentVersion,
    version_for,
)
from .scoring import AnswerError, Score, score, validate_answers


def instrument_for_code(code: str, *, instruments: Mapping[str, Instrument] | None = None):
    """The instrument with this code (from `instruments` when given, to avoid a query per
    measurement in bulk), or a ValidationError."""
    if instruments is not None:
        found = instruments.get(code)
    else:
        found = Instrument.objects.prefetch_related("items").filter(code=code).first()
    if found is None:
        raise ValidationError(
            {"instrument": _("Unknown instrument “%(code)s”.") % {"code": code}},
            code="unknown_instrument",
        )
    return found


def answer_messages(instrument: Instrument, error: AnswerError) -> list[str]:
    """One readable sentence per problem: 'Vraag 4 (…): moet tussen 0 en 4 liggen'."""
    items = {i.code: i for i in instrument.item_list}
    messages = []
    for code, problem in error.problems.items():
        item = items.get(code)
        if item is None:
            messages.append(
                _("Answer “%(code)s”: %(problem)s.") % {"code": code, "problem": problem}
            )
        else:
            messages.append(
                _("Question %(code)s (%(label)s): %(problem)s.")
                % {"code": code, "label": item.display_label(), "problem": problem}
            )
    return messages


def check_answers(
    instrument: Instrument,
    answers: Mapping[str, object],
    version: InstrumentVersion | None = None,
) -> Score:
    """Validate and score (with `version`'s scale); a ValidationError on `answers` listing
    every problem."""
    if not isinstance(answers, Mapping):
        raise ValidationError({"answers": _("The answers must be a list of question: answer.")})
    try:
        return score(instrument.definition(version), answers)
    except AnswerError as error:
        raise ValidationError({"answers": answer_messages(instrument, error)}) from error


def check_taken_on(
    participant: Participant, taken_on: datetime.date | None, *, today: datetime.date | None = None
) -> None:
    today = today or timezone.localdate()
    if taken_on is None:
        raise ValidationError({"taken_on": _("Fill in the date of the measurement.")})
    if taken_on > today:
        raise ValidationError({"taken_on": _("The date of a measurement cannot be in the future.")})
    if participant.intake_date and taken_on < participant.intake_date:
        raise ValidationError(
            {
                "taken_on": _("The measurement cannot be before the intake (%(date)s).")
                % {"date": participant.intake_date.strftime("%d-%m-%Y")}
            }
        )


def DUPLICATE_MESSAGE() -> str:  # noqa: N802 (a message, translated when used)
    return _(
        "She already has a measurement of this questionnaire on this date. "
        "Open that one to change it."
    )


def _duplicate(participant, instrument, taken_on, *, exclude=None) -> bool:
    """One measurement per instrument per day (also the exchange format's natural key)."""
    qs = Measurement.objects.filter(
        participant=participant, instrument=instrument, taken_on=taken_on
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.exists()


def _log(user, action: str, measurement: Measurement, detail: str = "") -> None:
    record(
        request=None,
        user=user,
        action=action,
        object_type="measurement",
        object_id=measurement.pk,
        participant=measurement.participant,
        detail=detail,
    )


@transaction.atomic
def record_measurement(
    *,
    participant: Participant,
    instrument: Instrument | str,
    taken_on: datetime.date,
    answers: Mapping[str, object],
    recorded_by=None,
    note: str = "",
    today: datetime.date | None = None,
    audit: bool = True,
    version: InstrumentVersion | None = None,
    filled_in_by: str = FilledInBy.PROFESSIONAL,
) -> Measurement:
    """Save a measurement after checking the instrument, the date and every answer. `version`:
    the instrument version it was taken with (default: the one her programme uses). With
    `filled_in_by=FilledInBy.PARTICIPANT` the mother filled it in herself (her portal): only a
    self-report instrument (`Instrument.self_report`)."""
    if isinstance(instrument, str):
        instrument = instrument_for_code(instrument)
    if version is None:
        version = version_for(instrument, participant.programme_id)
    elif version.instrument_id != instrument.pk:
        raise ValidationError({"instrument": _("This version belongs to another instrument.")})
    if not instrument.active:
        raise ValidationError(
            {"instrument": _("This instrument is no longer in use for new measurements.")}
        )
    if filled_in_by not in FilledInBy.values:
        raise ValueError(f"Unknown filled_in_by {filled_in_by!r}")
    if filled_in_by == FilledInBy.PARTICIPANT and not instrument.self_report:
        raise ValidationError({"instrument": _("Only a professional fills in this questionnaire.")})
    errors: dict[str, list] = {}
    for check in (
        lambda: check_taken_on(participant, taken_on, today=today),
        lambda: check_answers(instrument, answers, version),
    ):
        try:
            check()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if taken_on and _duplicate(participant, instrument, taken_on):
        errors.setdefault("taken_on", []).append(DUPLICATE_MESSAGE())
    note = (note or "").strip()
    if len(note) > 2000:
        errors.setdefault("note", []).append(_("The note is too long (at most 2000 characters)."))
    if errors:
        raise ValidationError(errors)
    clean = validate_answers(instrument.definition(version), answers)
    measurement = Measurement(
        participant=participant,
        instrument=instrument,
        instrument_version=version,
        taken_on=taken_on,
        answers=clean,
        note=note,
        recorded_by=recorded_by,
        filled_in_by=filled_in_by,
    )
    measurement.save()
    if audit:
        detail = instrument.code
        if filled_in_by == FilledInBy.PARTICIPANT:
            detail += " (filled in by her)"
        _log(recorded_by, Action.CREATE, measurement, detail=detail)
    return measurement


@transaction.atomic
def update_measurement(
    *,
    measurement: Measurement,
    taken_on: datetime.date,
    answers: Mapping[str, object],
    note: str = "",
    updated_by=None,
    today: datetime.date | None = None,
) -> Measurement:
    errors: dict[str, list] = {}
    for check in (
        lambda: check_taken_on(measurement.participant, taken_on, today=today),
        lambda: check_answers(measurement.instrument, answers, measurement.instrument_version),
    ):
        try:
            check()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if taken_on and _duplicate(
        measurement.participant, measurement.instrument, taken_on, exclude=measurement.pk
    ):
        errors.setdefault("taken_on", []).append(DUPLICATE_MESSAGE())
    if errors:
        raise ValidationError(errors)
    changed = [
        name
        for name, new in (
            ("taken_on", taken_on),
            ("answers", validate_answers(measurement.definition(), answers)),
            ("note", (note or "").strip()),
        )
        if getattr(measurement, name) != new
    ]
    measurement.taken_on = taken_on
    measurement.answers = validate_answers(measurement.definition(), answers)
    measurement.note = (note or "").strip()[:2000]
    measurement.save()
    _log(updated_by, Action.UPDATE, measurement, detail=",".join(changed))
    return measurement


@transaction.atomic
def delete_measurement(*, measurement: Measurement, reason: str, deleted_by=None) -> None:
    """Remove a measurement entered by mistake; the reason stays in the access log."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this measurement is removed.")})
    _log(
        deleted_by,
        Action.DELETE,
        measurement,
        detail=f"{measurement.instrument.code} {measurement.taken_on}: {reason}"[:300],
    )
    measurement.delete()


@transaction.atomic
def set_item_labels(*, programme, instrument: Instrument, labels: Mapping[str, str], user) -> int:
    """Store the licensed wording per item for one programme; an empty text removes it.
    Returns the number of items changed."""
    items: dict[str, Item] = {i.code: i for i in instrument.item_list}
    unknown = set(labels) - set(items)
    if unknown:
        raise ValidationError(
            _("Unknown questions: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
        )
    existing = {
        lab.item_id: lab
        for lab in ItemLabel.objects.filter(programme=programme, item__instrument=instrument)
    }
    changed = 0
    for code, text in labels.items():
        item = items[code]
        text = (text or "").strip()
        current = existing.get(item.pk)
        if not text:
            if current is not None:
                current.delete()
                changed += 1
            continue
        if len(text) > 1000:
            raise ValidationError(
                _("The wording of question %(code)s is too long (at most 1000 characters).")
                % {"code": code}
            )
        if current is None:
            ItemLabel.objects.create(programme=programme, item=item, label=text, updated_by=user)
            changed += 1
        elif current.label != text:
            current.label = text
            current.updated_by = user
            current.save()
            changed += 1
    return changed


@transaction.atomic
def set_programme_version(*, programme, instrument: Instrument, version_code: str, user) -> None:
    """The version of `instrument` her programme uses for new measurements. Measurements
    already taken keep the version they were taken with."""
    version = instrument.versions.filter(code=version_code).first()
    if version is None:
        raise ValidationError({"version": _("Choose one of the versions of this instrument.")})
    ProgrammeInstrumentVersion.objects.update_or_create(
        programme=programme,
        instrument=instrument,
        defaults={"version": version, "updated_by": user},
    )
