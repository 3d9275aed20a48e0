"""Her results in plain words (her portal): the direction comes from the coach's own
computation (`progress`), the words never show a code or a raw score."""

import datetime

import pytest

from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.instruments import selectors
from droomplan.instruments.tests.factories import MeasurementFactory
from droomplan.lifedomains.selectors import debts_in_words
from droomplan.lifedomains.tests.factories import DebtFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 2, 15)
LATER = datetime.date(2025, 8, 15)


@pytest.fixture
def mother():
    return ParticipantFactory(active=True)


def _by_code(mother):
    return {r.code: r for r in selectors.results_in_words(mother)}


def test_stress_went_down_in_words(mother):
    MeasurementFactory(participant=mother, instrument="pss-10", value=3, taken_on=START)
    MeasurementFactory(participant=mother, instrument="pss-10", value=1, taken_on=LATER)
    stress = _by_code(mother)["pss-10"]
    assert stress.title == "Stress"
    assert stress.sentence == "Je stress is gedaald sinds de start."
    assert stress.times == 2


def test_one_measurement_says_when_she_will_see_a_change(mother):
    MeasurementFactory(participant=mother, instrument="pss-10", value=3, taken_on=START)
    stress = _by_code(mother)["pss-10"]
    assert "volgende keer" in stress.sentence
    assert stress.detail == "Nu: een beetje stress."


def test_ladder_as_a_picture_with_text(mother):
    MeasurementFactory(participant=mother, instrument="participatieladder", value=2, taken_on=START)
    MeasurementFactory(participant=mother, instrument="participatieladder", value=4, taken_on=LATER)
    ladder = _by_code(mother)["participatieladder"]
    assert ladder.sentence == "Je ging omhoog van trede 2 naar trede 4 van 6."
    assert [r["number"] for r in ladder.ladder] == [6, 5, 4, 3, 2, 1]
    assert [r["number"] for r in ladder.ladder if r["now"]] == [4]
    assert [r["number"] for r in ladder.ladder if r["start"]] == [2]
    assert not any(r["label"][0].isdigit() for r in ladder.ladder)


def test_bridge_bars(mother):
    MeasurementFactory(participant=mother, instrument="brug", value=2, taken_on=START)
    MeasurementFactory(
        participant=mother,
        instrument="brug",
        answers={"family_stability": 3, "well_being": 2, "education": 2, "finances": 4,
                 "employment": 2},
        taken_on=LATER,
    )  # fmt: skip
    bridge = _by_code(mother)["brug"]
    assert len(bridge.bars) == 5
    assert "2 van de 5" in bridge.sentence
    assert all("_" not in bar.label for bar in bridge.bars)
    assert bridge.bars[3].now_percent == 80


def test_no_codes_in_titles(mother):
    for code in ("zrm", "executive-skills", "positieve-gezondheid"):
        MeasurementFactory(participant=mother, instrument=code, value=2, taken_on=START)
    for result in _by_code(mother).values():
        assert result.title != result.code and "-" not in result.title


def test_results_in_three_queries(mother, django_assert_num_queries):
    for code in ("pss-10", "brug", "participatieladder"):
        for day in (START, LATER):
            MeasurementFactory(participant=mother, instrument=code, value=2, taken_on=day)
    with django_assert_num_queries(3):
        assert len(selectors.results_in_words(mother)) == 3


def test_debts_in_words(mother, django_assert_num_queries):
    DebtFactory(participant=mother)
    DebtFactory(participant=mother)
    DebtFactory(participant=mother, settled_on=datetime.date(2025, 6, 1))
    DebtFactory(participant=ParticipantFactory())
    with django_assert_num_queries(1):
        debts = debts_in_words(mother, datetime.date(2025, 7, 1))
    assert (debts.open_count, debts.settled_count, debts.has_debts) == (2, 1, True)
