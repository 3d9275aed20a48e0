import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from droomplan.audit.models import AccessLogEntry, Action
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.instruments.definitions import SHIPPED
from droomplan.instruments.models import Instrument, Measurement
from droomplan.instruments.scoring import score
from droomplan.instruments.services import (
    check_answers,
    delete_measurement,
    record_measurement,
    update_measurement,
)
from droomplan.instruments.tests.factories import (
    InstrumentFactory,
    MeasurementFactory,
    answers_for,
    shipped,
)

TODAY = datetime.date(2025, 6, 1)
pytestmark = pytest.mark.django_db


def test_the_six_instruments_ship_as_data_matching_the_definitions():
    assert set(Instrument.objects.values_list("code", flat=True)) >= set(SHIPPED)
    for code, definition in SHIPPED.items():
        instrument = shipped(code)
        stored = instrument.definition()
        assert [(i.code, i.min_value, i.max_value, i.reverse, i.group) for i in stored.items] == [
            (i.code, i.min_value, i.max_value, i.reverse, i.group) for i in definition.items
        ]
        assert stored.higher_is_better == definition.higher_is_better
        assert tuple(stored.bands) == tuple(definition.bands)
    pss = shipped("pss-10")
    assert {i.code for i in pss.item_list if i.reverse_scored} == {"4", "5", "7", "8"}
    assert shipped("participatieladder").domain == "employment"
    assert {i.domain for i in shipped("brug").item_list} == {
        "family_stability", "well_being", "education", "finances", "employment",
    }  # fmt: skip
    assert all(i.domain for i in shipped("zrm").item_list)
    assert not shipped("positieve-gezondheid").feeds_outcomes


def test_a_new_questionnaire_needs_no_code():
    instrument = InstrumentFactory(code="nieuw", items=3)
    participant = ParticipantFactory(active=True)
    m = record_measurement(
        participant=participant, instrument="nieuw", taken_on=TODAY,
        answers={"1": 2, "2": 5, "3": 1}, today=TODAY,
    )  # fmt: skip
    assert m.total == 8 and m.instrument == instrument


@pytest.mark.parametrize(
    ("code", "answers", "total", "groups"),
    [
        # 3,1,2,(4-4=0),(4-0=4),2,(4-3=1),(4-1=3),1,3
        ("pss-10", {"1": 3, "2": 1, "3": 2, "4": 4, "5": 0, "6": 2, "7": 3, "8": 1, "9": 1,
                    "10": 3}, 20, {}),
        ("participatieladder", {"rung": 5}, 5, {}),
        ("brug", {"family_stability": 3, "well_being": 2, "education": 4, "finances": 1,
                  "employment": 5}, 15, {"finances": 1, "employment": 5}),
        ("positieve-gezondheid", {"bodily_functions": 7, "mental_wellbeing": 6, "meaning": 8,
                                  "quality_of_life": 5, "participation": 4,
                                  "daily_functioning": 9}, 39, {"meaning": 8}),
        ("zrm", dict.fromkeys([i.code for i in SHIPPED["zrm"].items], 3)
         | {"justice": 5}, 12 * 3 + 5, {"justice": 5, "housing": 3}),
    ],
)  # fmt: skip
def test_stored_totals_match_hand_computed_scores(code, answers, total, groups):
    m = record_measurement(
        participant=ParticipantFactory(active=True), instrument=code, taken_on=TODAY,
        answers=answers, today=TODAY,
    )  # fmt: skip
    m.refresh_from_db()
    assert m.total == total
    for group, value in groups.items():
        assert m.group_scores[group] == value


def test_executive_skills_hand_computed():
    # skill k (1..12) gets items 3k-2, 3k-1, 3k answered (k % 7) + 1, 2, 3 → skill = k%7 + 6
    answers = {}
    for k in range(1, 13):
        answers[str(3 * k - 2)] = k % 7 + 1
        answers[str(3 * k - 1)] = 2
        answers[str(3 * k)] = 3
    m = MeasurementFactory(instrument="executive-skills", answers=answers)
    assert m.group_scores["response_inhibition"] == 1 + 1 + 2 + 3  # k=1 → 2+2+3 = 7
    assert m.group_scores["planning"] == 6 % 7 + 1 + 5  # published order: skill 6 → 12
    assert m.group_scores["organisation"] == 7 % 7 + 1 + 5  # skill 7 → 1+2+3 = 6
    assert m.total == sum(k % 7 + 6 for k in range(1, 13)) == 108


def test_pss_band_is_stored():
    m = MeasurementFactory(instrument="pss-10", answers={str(k): 4 for k in range(1, 11)})
    # 6 plain items ×4 = 24, 4 reversed items 4-4 = 0
    assert (m.total, m.band) == (24, "moderate")


def test_record_measurement_refuses_bad_answers_with_clear_dutch_messages():
    participant = ParticipantFactory(active=True)
    answers = answers_for(shipped("pss-10"), 2)
    answers["10"] = 7
    del answers["3"]
    answers["rung"] = 2  # an item of another instrument
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        record_measurement(
            participant=participant, instrument="pss-10", taken_on=TODAY, answers=answers,
            today=TODAY,
        )  # fmt: skip
    messages = error.value.message_dict["answers"]
    assert any("Vraag 10" in m and "moet tussen 0 en 4 liggen" in m for m in messages)
    assert any("Vraag 3" in m and "antwoord ontbreekt" in m for m in messages)
    assert any("rung" in m and "hoort niet bij de vragenlijst" in m for m in messages)
    assert not Measurement.objects.exists()


def test_answers_of_the_wrong_instrument_are_refused():
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        record_measurement(
            participant=ParticipantFactory(active=True), instrument="participatieladder",
            taken_on=TODAY, answers=answers_for(shipped("brug"), 3), today=TODAY,
        )  # fmt: skip
    messages = error.value.message_dict["answers"]
    assert len(messages) == 6  # five unknown pillars, one missing rung
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        record_measurement(
            participant=ParticipantFactory(active=True), instrument="gad-7",
            taken_on=TODAY, answers={}, today=TODAY,
        )  # fmt: skip
    assert "Onbekend meetinstrument" in error.value.message_dict["instrument"][0]


def test_dates_in_the_future_or_before_intake_are_refused():
    participant = ParticipantFactory(active=True)
    answers = {"rung": 2}
    for taken_on in (TODAY + datetime.timedelta(days=1), participant.intake_date
                     - datetime.timedelta(days=1)):  # fmt: skip
        with pytest.raises(ValidationError) as error:
            record_measurement(
                participant=participant, instrument="participatieladder", taken_on=taken_on,
                answers=answers, today=TODAY,
            )  # fmt: skip
        assert "taken_on" in error.value.message_dict
    assert record_measurement(
        participant=participant, instrument="participatieladder",
        taken_on=participant.intake_date, answers=answers, today=TODAY,
    ).total == 2  # fmt: skip


def test_writes_are_audited(coach):
    participant = ParticipantFactory(active=True, coach=coach)
    m = record_measurement(
        participant=participant, instrument="participatieladder", taken_on=TODAY,
        answers={"rung": 2}, recorded_by=coach, today=TODAY,
    )  # fmt: skip
    update_measurement(
        measurement=m, taken_on=TODAY, answers={"rung": 3}, updated_by=coach, today=TODAY
    )
    m.refresh_from_db()
    assert m.total == 3
    with pytest.raises(ValidationError):
        delete_measurement(measurement=m, reason=" ", deleted_by=coach)
    delete_measurement(measurement=m, reason="dubbel ingevoerd", deleted_by=coach)
    actions = list(
        AccessLogEntry.objects.filter(object_type="measurement")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [Action.CREATE, Action.UPDATE, Action.DELETE]
    assert not Measurement.objects.exists()


def test_check_answers_is_the_pure_score():
    brug = shipped("brug")
    answers = answers_for(brug, 4)
    assert check_answers(brug, answers) == score(SHIPPED["brug"], answers)


def test_one_measurement_per_instrument_per_day():
    m = MeasurementFactory(instrument="participatieladder", value=2)
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        record_measurement(
            participant=m.participant, instrument="participatieladder", taken_on=m.taken_on,
            answers={"rung": 3}, today=TODAY,
        )  # fmt: skip
    assert "al een meting" in error.value.message_dict["taken_on"][0]
    # another instrument on the same day is fine; changing the measurement itself too
    record_measurement(
        participant=m.participant, instrument="pss-10", taken_on=m.taken_on,
        answers=answers_for(shipped("pss-10"), 1), today=TODAY,
    )  # fmt: skip
    update_measurement(measurement=m, taken_on=m.taken_on, answers={"rung": 4}, today=TODAY)
