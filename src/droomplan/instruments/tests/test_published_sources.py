"""Each shipped instrument pinned to its published source (cited in docs/measurements.md):
items, answer ranges, reverse-scored items and the grouping of items into skills/pillars. A
change to the definitions that departs from the source fails here, not in a funder's report."""

import importlib
import math

import pytest

from droomplan.instruments.definitions import (
    EXECUTIVE_SKILLS_BEFORE_FIX,
    SHIPPED,
    SOURCES,
    VERSIONS,
    shipped_versions,
)
from droomplan.instruments.models import Instrument, Measurement
from droomplan.instruments.scoring import score, strengths_and_challenges
from droomplan.instruments.services import record_measurement, set_programme_version
from droomplan.programmes.tests.factories import ProgrammeFactory

from .factories import MeasurementFactory

# --- The published definitions, written out from the sources (not from our code) -----------

# Cohen & Williamson (1988), PSS-10: ten items, 0 (never) to 4 (very often); items 4, 5, 7 and
# 8 are the positively stated items and are reverse-scored; total 0-40.
PSS10 = {
    "items": [str(k) for k in range(1, 11)],
    "range": (0, 4),
    "reverse": {"4", "5", "7", "8"},
}
# Dawson & Guare, adult Executive Skills Questionnaire: 36 items, three per skill, in this
# order; answers 1 (strongly disagree) to 7 (strongly agree); no reverse-scored items.
ESQ_SKILLS = [
    "response_inhibition",  # 1-3
    "working_memory",  # 4-6
    "emotional_control",  # 7-9
    "task_initiation",  # 10-12
    "sustained_attention",  # 13-15
    "planning",  # 16-18 planning/prioritisation
    "organisation",  # 19-21
    "time_management",  # 22-24
    "flexibility",  # 25-27
    "metacognition",  # 28-30
    "goal_directed_persistence",  # 31-33
    "stress_tolerance",  # 34-36
]
# EMPath, Bridge to Self-Sufficiency: five pillars, one step 1-5 each.
BRIDGE = ["family_stability", "well_being", "education", "finances", "employment"]
# Participatieladder: one rung, 1 (isolated) to 6 (paid work).
# Positieve Gezondheid (Huber et al.): six dimensions, 0-10.
PG = [
    "bodily_functions", "mental_wellbeing", "meaning", "quality_of_life", "participation",
    "daily_functioning",
]  # fmt: skip
# ZRM 2017: thirteen domains, 1-5.
ZRM = [
    "finances", "work_education", "time_use", "housing", "domestic_relations", "mental_health",
    "physical_health", "substance_use", "basic_adl", "instrumental_adl", "social_network",
    "social_participation", "justice",
]  # fmt: skip


def test_pss10_matches_cohen_and_williamson():
    d = SHIPPED["pss-10"]
    assert [i.code for i in d.items] == PSS10["items"]
    assert {(i.min_value, i.max_value) for i in d.items} == {PSS10["range"]}
    assert {i.code for i in d.items if i.reverse} == PSS10["reverse"]
    assert (d.min_total, d.max_total) == (0, 40)
    assert not d.higher_is_better


def test_executive_skills_match_the_published_adult_questionnaire():
    d = SHIPPED["executive-skills"]
    assert [i.code for i in d.items] == [str(k) for k in range(1, 37)]
    assert {(i.min_value, i.max_value) for i in d.items} == {(1, 7)}
    assert not any(i.reverse for i in d.items)
    for item in d.items:
        assert item.group == ESQ_SKILLS[math.ceil(int(item.code) / 3) - 1], item.code
    # Spot checks straight from the issue: 13-15 sustained attention, 16-18 planning, 19-21
    # organisation, 25-27 flexibility (the old mapping had them wrong).
    groups = {i.code: i.group for i in d.items}
    assert {groups["13"], groups["15"]} == {"sustained_attention"}
    assert groups["16"] == "planning"
    assert groups["19"] == "organisation"
    assert groups["25"] == "flexibility"
    assert groups["28"] == "metacognition"
    assert groups["31"] == "goal_directed_persistence"


def test_the_mobility_mentoring_version_answers_1_to_6():
    versions = {v["code"]: v for v in shipped_versions()["executive-skills"]}
    assert (versions["1"]["scale_min"], versions["1"]["scale_max"]) == (None, None)
    mm = versions["mobility-mentoring"]
    assert (mm["scale_min"], mm["scale_max"]) == (1, 6)
    assert "EMPath" in mm["source"]


def test_bridge_ladder_positive_health_and_zrm():
    assert [(i.code, i.min_value, i.max_value) for i in SHIPPED["brug"].items] == [
        (p, 1, 5) for p in BRIDGE
    ]
    assert [(i.code, i.group) for i in SHIPPED["brug"].items] == [(p, p) for p in BRIDGE]
    ladder = SHIPPED["participatieladder"].items
    assert [(i.code, i.min_value, i.max_value) for i in ladder] == [("rung", 1, 6)]
    pg = SHIPPED["positieve-gezondheid"].items
    assert [(i.code, i.min_value, i.max_value) for i in pg] == [(x, 0, 10) for x in PG]
    zrm = SHIPPED["zrm"].items
    assert [(i.code, i.min_value, i.max_value) for i in zrm] == [(x, 1, 5) for x in ZRM]
    for code in SHIPPED:
        assert not any(i.reverse for i in SHIPPED[code].items) or code == "pss-10"


def test_every_instrument_and_version_cites_a_source():
    for code in SHIPPED:
        assert SOURCES[code], code
        assert VERSIONS[code], code


# --- A hand-scored example -----------------------------------------------------------------

# A mother's answers on the adult questionnaire (1-7), scored by hand with the published key:
# skill = sum of its three items.
#   1-3 response inhibition   4 4 4 = 12     4-6 working memory        3 3 3 = 9
#   7-9 emotional control     5 4 5 = 14     10-12 task initiation     2 2 3 = 7
#   13-15 sustained attention 7 6 7 = 20     16-18 planning            1 2 1 = 4
#   19-21 organisation        3 2 3 = 8      22-24 time management     2 1 2 = 5
#   25-27 flexibility         6 6 6 = 18     28-30 metacognition       4 5 4 = 13
#   31-33 persistence         6 7 6 = 19     34-36 stress tolerance    4 4 3 = 11
# Strengths (three highest): sustained attention 20, goal-directed persistence 19,
# flexibility 18. Challenges (three lowest): planning 4, time management 5, task initiation 7.
# Total 140.
HAND = [4, 4, 4, 3, 3, 3, 5, 4, 5, 2, 2, 3, 7, 6, 7, 1, 2, 1, 3, 2, 3, 2, 1, 2,
        6, 6, 6, 4, 5, 4, 6, 7, 6, 4, 4, 3]  # fmt: skip
HAND_SKILLS = {
    "response_inhibition": 12, "working_memory": 9, "emotional_control": 14,
    "task_initiation": 7, "sustained_attention": 20, "planning": 4, "organisation": 8,
    "time_management": 5, "flexibility": 18, "metacognition": 13,
    "goal_directed_persistence": 19, "stress_tolerance": 11,
}  # fmt: skip


def hand_answers():
    return {str(k): a for k, a in enumerate(HAND, start=1)}


def test_hand_scored_example_pure():
    result = score(SHIPPED["executive-skills"], hand_answers())
    assert result.groups == HAND_SKILLS
    assert result.total == 140 == sum(HAND_SKILLS.values())
    strengths, challenges = strengths_and_challenges(result.groups)
    assert strengths == ["sustained_attention", "goal_directed_persistence", "flexibility"]
    assert challenges == ["planning", "time_management", "task_initiation"]


@pytest.mark.django_db
def test_hand_scored_example_stored_for_a_test_mother():
    m = MeasurementFactory(instrument="executive-skills", answers=hand_answers())
    m.refresh_from_db()
    assert m.group_scores == HAND_SKILLS
    assert m.instrument_version.code == "1"
    strengths, challenges = strengths_and_challenges(
        {g["code"]: m.group_scores[g["code"]] for g in m.instrument.groups}
    )
    assert strengths == ["sustained_attention", "goal_directed_persistence", "flexibility"]
    assert challenges == ["planning", "time_management", "task_initiation"]


@pytest.mark.django_db
def test_the_database_rows_follow_the_published_grouping():
    instrument = Instrument.objects.prefetch_related("items").get(code="executive-skills")
    assert [g["code"] for g in instrument.groups] == ESQ_SKILLS
    for item in instrument.item_list:
        assert item.group == ESQ_SKILLS[math.ceil(int(item.code) / 3) - 1]
    assert {v.code for v in instrument.versions.all()} == {"1", "mobility-mentoring"}
    assert instrument.current_version.code == "1"


# --- Versions --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_programme_that_chose_the_1_to_6_version_records_it_and_refuses_a_7():
    from django.core.exceptions import ValidationError

    from droomplan.cases.tests.factories import ParticipantFactory

    programme = ProgrammeFactory()
    instrument = Instrument.objects.get(code="executive-skills")
    set_programme_version(
        programme=programme, instrument=instrument, version_code="mobility-mentoring", user=None
    )
    mother = ParticipantFactory(programme=programme)
    answers = {str(k): 6 for k in range(1, 37)}
    m = record_measurement(
        participant=mother, instrument=instrument, taken_on=mother.intake_date, answers=answers
    )
    assert m.instrument_version.code == "mobility-mentoring"
    assert m.total == 216
    with pytest.raises(ValidationError) as error:
        record_measurement(
            participant=mother,
            instrument=instrument,
            taken_on=mother.intake_date,
            answers={str(k): 7 for k in range(1, 37)},
        )
    assert "answers" in error.value.message_dict
    # Another programme still uses the adult 1-7 version.
    other = ParticipantFactory(programme=ProgrammeFactory())
    m2 = record_measurement(
        participant=other, instrument=instrument, taken_on=other.intake_date, answers=answers
    )
    assert m2.instrument_version.code == "1"


@pytest.mark.django_db
def test_the_migration_re_scores_a_measurement_stored_with_the_old_mapping(caplog):
    from django.apps import apps as global_apps

    m = MeasurementFactory(instrument="executive-skills", answers=hand_answers())
    # As it was stored before the fix: skill scores under the old (wrong) names.
    old = {}
    for k, a in enumerate(HAND, start=1):
        name = EXECUTIVE_SKILLS_BEFORE_FIX[math.ceil(k / 3) - 1]
        old[name] = old.get(name, 0) + a
    Measurement.objects.filter(pk=m.pk).update(group_scores=old)
    migration = importlib.import_module("droomplan.instruments.migrations.0004_versions_data")
    with caplog.at_level("WARNING", logger="droomplan.instruments"):
        migration.forwards(global_apps, None)
    m.refresh_from_db()
    assert m.group_scores == HAND_SKILLS
    assert any(f"measurement {m.pk}" in r.getMessage() for r in caplog.records)
    from droomplan.audit.models import AccessLogEntry

    assert AccessLogEntry.objects.filter(
        object_type="measurement", object_id=str(m.pk), detail__startswith="re-scored"
    ).exists()
