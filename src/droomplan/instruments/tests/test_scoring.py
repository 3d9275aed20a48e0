import pytest
from django.utils import translation

from droomplan.instruments.definitions import (
    BRUG,
    EXECUTIVE,
    PARTICIPATIELADDER,
    PSS_10,
    SHIPPED,
    ZRM,
)
from droomplan.instruments.scoring import AnswerError, score, strengths_and_challenges


def pss(*answers):
    return {str(k): a for k, a in enumerate(answers, start=1)}


def test_pss10_reverse_scores_items_4_5_7_8():
    # items 1..10 = 3,1,2,4,4,2,4,4,1,3 ; reversed 4,5,7,8 -> 0,0,0,0
    result = score(PSS_10, pss(3, 1, 2, 4, 4, 2, 4, 4, 1, 3))
    assert result.total == 3 + 1 + 2 + 0 + 0 + 2 + 0 + 0 + 1 + 3 == 12
    assert result.band == "low"


def test_pss10_extremes_and_bands():
    assert score(PSS_10, pss(0, 0, 0, 4, 4, 0, 4, 4, 0, 0)).total == 0
    top = score(PSS_10, pss(4, 4, 4, 0, 0, 4, 4 - 4, 0, 4, 4))
    assert top.total == 40 and top.band == "high"
    assert (PSS_10.min_total, PSS_10.max_total) == (0, 40)


@pytest.mark.parametrize(
    ("total", "band"), [(13, "low"), (14, "moderate"), (26, "moderate"), (27, "high")]
)
def test_pss10_band_edges(total, band):
    # six non-reversed items carry the total; reversed items answered 4 count 0
    answers = {str(k): 0 for k in range(1, 11)} | {"4": 4, "5": 4, "7": 4, "8": 4}
    remaining = total
    for k in ("1", "2", "3", "6", "9", "10"):
        answers[k] = min(4, remaining)
        remaining -= answers[k]
    if remaining:  # the reversed items add (4 - answer)
        for k in ("4", "5", "7", "8"):
            take = min(4, remaining)
            answers[k] = 4 - take
            remaining -= take
    assert score(PSS_10, answers).total == total
    assert score(PSS_10, answers).band == band


def test_brug_total_and_pillars():
    result = score(
        BRUG,
        {"family_stability": 2, "well_being": 3, "education": 1, "finances": 5, "employment": 4},
    )
    assert result.total == 15
    assert result.groups["finances"] == 5
    assert (BRUG.min_total, BRUG.max_total) == (5, 25)


def test_ladder_is_the_rung():
    assert score(PARTICIPATIELADDER, {"rung": 4}).total == 4


def test_executive_skills_groups_three_items_per_skill():
    answers = {str(k): (7 if k <= 3 else 1) for k in range(1, 37)}
    answers["36"] = 5
    result = score(EXECUTIVE, answers)
    assert len(result.groups) == 12
    assert result.groups["response_inhibition"] == 21
    assert result.groups["stress_tolerance"] == 1 + 1 + 5
    assert result.total == 21 + 10 * 3 + 7
    assert (EXECUTIVE.min_total, EXECUTIVE.max_total) == (36, 252)
    strengths, challenges = strengths_and_challenges(result.groups, 2)
    assert strengths == ["response_inhibition", "stress_tolerance"]
    assert "stress_tolerance" not in challenges


def test_every_shipped_instrument_matches_the_exchange_format():
    assert set(SHIPPED) == {
        "pss-10",
        "participatieladder",
        "brug",
        "executive-skills",
        "positieve-gezondheid",
        "zrm",
    }
    assert len(ZRM.items) == 13


def test_missing_unknown_and_out_of_range_answers_are_refused_in_dutch():
    answers = pss(0, 1, 2, 3, 4, 0, 1, 2, 3, 9)
    del answers["5"]
    answers["11"] = 2
    answers["2"] = "twee"
    with translation.override("nl"), pytest.raises(AnswerError) as error:
        score(PSS_10, answers)
    problems = error.value.problems
    assert set(problems) == {"5", "11", "2", "10"}
    assert problems["10"] == "moet tussen 0 en 4 liggen"
    assert problems["5"] == "antwoord ontbreekt"


def test_booleans_and_fractions_are_not_answers():
    with pytest.raises(AnswerError):
        score(PARTICIPATIELADDER, {"rung": True})
    with pytest.raises(AnswerError):
        score(PARTICIPATIELADDER, {"rung": 2.5})
    assert score(PARTICIPATIELADDER, {"rung": "3"}).total == 3
