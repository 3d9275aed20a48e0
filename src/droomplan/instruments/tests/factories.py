"""Factories for instruments and measurements. The six shipped instruments exist in every test
database (data migration); `MeasurementFactory(instrument="brug")` uses one of them by code and
answers every item with `value` (clamped to the item's range) unless `answers` is given."""

import datetime

import factory
from factory.django import DjangoModelFactory

from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.instruments.models import Instrument, Item, Measurement


def shipped(code: str) -> Instrument:
    return Instrument.objects.prefetch_related("items").get(code=code)


def answers_for(instrument: Instrument, value: int | None = None, **overrides) -> dict[str, int]:
    """Every item answered with `value` (clamped to its range; default the lowest answer)."""
    result = {}
    for item in instrument.item_list:
        v = item.min_value if value is None else value
        result[item.code] = max(item.min_value, min(item.max_value, v))
    result.update({str(k): v for k, v in overrides.items()})
    return result


class InstrumentFactory(DjangoModelFactory):
    """A new questionnaire (no code needed): InstrumentFactory(items=3) gives items 1..3, 1–5."""

    class Meta:
        model = Instrument
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"vragenlijst-{n}")
    name = factory.Sequence(lambda n: f"Questionnaire {n}")

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        if create and isinstance(extracted, int):
            for n in range(1, extracted + 1):
                Item.objects.create(
                    instrument=self, code=str(n), label=f"Question {n}", min_value=1,
                    max_value=5, order=n,
                )  # fmt: skip


class MeasurementFactory(DjangoModelFactory):
    class Meta:
        model = Measurement
        exclude = ("value",)

    participant = factory.SubFactory(ParticipantFactory, active=True)
    instrument = "pss-10"
    taken_on = datetime.date(2025, 2, 15)
    value = None
    answers = factory.LazyAttribute(
        lambda o: answers_for(
            shipped(o.instrument) if isinstance(o.instrument, str) else o.instrument, o.value
        )
    )
    total = 0  # computed at save

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if isinstance(kwargs.get("instrument"), str):
            kwargs["instrument"] = shipped(kwargs["instrument"])
        return kwargs
