"""The six instruments the programme ships, with the item codes, ranges and scoring of the
exchange format (docs/exchange/FORMAT.md). Labels are our own short wording; the exact licensed
question texts can be loaded per programme without changing codes or scoring."""

import math

from .scoring import InstrumentDef, ItemDef

PSS_REVERSED = {4, 5, 7, 8}
PSS_LABELS = {
    1: "Upset because of something unexpected",
    2: "Unable to control important things",
    3: "Nervous and stressed",
    4: "Confident about handling personal problems",
    5: "Things going your way",
    6: "Could not cope with all you had to do",
    7: "Able to control irritations",
    8: "On top of things",
    9: "Angered by things outside your control",
    10: "Difficulties piling up too high",
}
PSS_10 = InstrumentDef(
    code="pss-10",
    items=[
        ItemDef(str(k), 0, 4, reverse=k in PSS_REVERSED, label=PSS_LABELS[k]) for k in range(1, 11)
    ],
    higher_is_better=False,
    bands=((0, 13, "low"), (14, 26, "moderate"), (27, 40, "high")),
)

PARTICIPATIELADDER = InstrumentDef(
    code="participatieladder",
    items=[ItemDef("rung", 1, 6, label="Rung on the participation ladder")],
)

BRUG_PILLARS = ["family_stability", "well_being", "education", "finances", "employment"]
BRUG = InstrumentDef(
    code="brug",
    items=[ItemDef(p, 1, 5, group=p, label=p.replace("_", " ").capitalize()) for p in BRUG_PILLARS],
)

EXECUTIVE_SKILLS = [
    "response_inhibition", "working_memory", "emotional_control", "task_initiation",
    "flexibility", "sustained_attention", "planning", "organisation", "time_management",
    "goal_directed_persistence", "metacognition", "stress_tolerance",
]  # fmt: skip
EXECUTIVE = InstrumentDef(
    code="executive-skills",
    items=[
        ItemDef(str(k), 1, 7, group=EXECUTIVE_SKILLS[math.ceil(k / 3) - 1]) for k in range(1, 37)
    ],
)

POSITIEVE_GEZONDHEID_DIMENSIONS = [
    "bodily_functions", "mental_wellbeing", "meaning", "quality_of_life", "participation",
    "daily_functioning",
]  # fmt: skip
POSITIEVE_GEZONDHEID = InstrumentDef(
    code="positieve-gezondheid",
    items=[ItemDef(d, 0, 10, group=d) for d in POSITIEVE_GEZONDHEID_DIMENSIONS],
)

ZRM_DOMAINS = [
    "finances", "work_education", "time_use", "housing", "domestic_relations", "mental_health",
    "physical_health", "substance_use", "basic_adl", "instrumental_adl", "social_network",
    "social_participation", "justice",
]  # fmt: skip
ZRM = InstrumentDef(code="zrm", items=[ItemDef(d, 1, 5, group=d) for d in ZRM_DOMAINS])

SHIPPED = {
    i.code: i for i in [PSS_10, PARTICIPATIELADDER, BRUG, EXECUTIVE, POSITIEVE_GEZONDHEID, ZRM]
}
