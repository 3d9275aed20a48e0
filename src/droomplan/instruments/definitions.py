"""The six instruments the programme ships, with the item codes, ranges and scoring of the
exchange format (docs/exchange/FORMAT.md). Labels are our own short wording; the exact licensed
question texts can be loaded per programme without changing codes or scoring."""

import math

from django.utils.translation import gettext_noop

from .scoring import InstrumentDef, ItemDef

PSS_REVERSED = {4, 5, 7, 8}
PSS_LABELS = {
    1: gettext_noop("Upset because of something unexpected"),
    2: gettext_noop("Unable to control important things"),
    3: gettext_noop("Nervous and stressed"),
    4: gettext_noop("Confident about handling personal problems"),
    5: gettext_noop("Things going your way"),
    6: gettext_noop("Could not cope with all you had to do"),
    7: gettext_noop("Able to control irritations"),
    8: gettext_noop("On top of things"),
    9: gettext_noop("Angered by things outside your control"),
    10: gettext_noop("Difficulties piling up too high"),
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
    items=[ItemDef("rung", 1, 6, label=gettext_noop("Rung on the participation ladder"))],
)

BRUG_PILLARS = ["family_stability", "well_being", "education", "finances", "employment"]
BRUG = InstrumentDef(
    code="brug",
    items=[ItemDef(p, 1, 5, group=p, label="") for p in BRUG_PILLARS],
)

# The published order of the adult Executive Skills Questionnaire (Dawson & Guare): items
# 1-3 response inhibition, 4-6 working memory, ... 34-36 stress tolerance (docs/measurements.md).
EXECUTIVE_SKILLS = [
    "response_inhibition", "working_memory", "emotional_control", "task_initiation",
    "sustained_attention", "planning", "organisation", "time_management", "flexibility",
    "metacognition", "goal_directed_persistence", "stress_tolerance",
]  # fmt: skip
# Droomplan's version 1 before session 4 used this order (seven skills mislabelled); kept only
# so that the data migration can say what it re-scored.
EXECUTIVE_SKILLS_BEFORE_FIX = [
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


# --- Metadata for the database rows (the data migration and `shipped_rows`) --------------------
# Labels are English msgids marked with gettext_noop: the pages translate a stored label when the
# catalogue knows it, so our own labels show in Dutch, and a label the functional admin typed
# (or a new instrument's) shows as typed.

WELL_BEING = "well_being"
EMPLOYMENT = "employment"
FAMILY_STABILITY = "family_stability"
FINANCES = "finances"
EDUCATION = "education"

INSTRUMENT_META = {
    "pss-10": {
        "name": gettext_noop("Perceived Stress Scale (PSS-10)"),
        "description": gettext_noop(
            "Ten questions about stress in the past month. Higher means more stress."
        ),
        "domain": WELL_BEING,
        "feeds_outcomes": True,
        "scheduled": True,
        "scoring": "sum",
        "order": 10,
    },
    "participatieladder": {
        "name": gettext_noop("Participation ladder"),
        "description": gettext_noop(
            "Six rungs from isolated (1) to paid work without support (6)."
        ),
        "domain": EMPLOYMENT,
        "feeds_outcomes": True,
        "scheduled": True,
        "scoring": "sum",
        "order": 20,
    },
    "brug": {
        "name": gettext_noop("Bridge to Self-Sufficiency"),
        "description": gettext_noop(
            "One step (1 to 5) on each of the five pillars. Higher means more self-reliant."
        ),
        "domain": None,  # per pillar: each item has its own life domain
        "feeds_outcomes": True,
        "scheduled": True,
        "scoring": "sum",
        "order": 30,
    },
    "executive-skills": {
        "name": gettext_noop("Executive skills"),
        "description": gettext_noop(
            "36 statements (1 to 7) on twelve skills such as planning and emotional control."
        ),
        "domain": WELL_BEING,
        "feeds_outcomes": True,
        "scheduled": True,
        "scoring": "sum",
        "order": 40,
    },
    "positieve-gezondheid": {
        "name": gettext_noop("Positive Health"),
        "description": gettext_noop(
            "Six dimensions (0 to 10) as a spider web to talk about. Never an outcome figure."
        ),
        "domain": WELL_BEING,
        "feeds_outcomes": False,
        "scheduled": False,
        "scoring": "profile",
        "order": 50,
    },
    "zrm": {
        "name": gettext_noop("Self-Sufficiency Matrix (ZRM)"),
        "description": gettext_noop("Thirteen domains (1 to 5). Higher means more self-reliant."),
        "domain": None,  # per domain: each item has its own life domain
        "feeds_outcomes": False,
        "scheduled": False,
        "scoring": "profile",
        "order": 60,
    },
}

LADDER_RUNGS = {
    1: gettext_noop("1 Isolated"),
    2: gettext_noop("2 Social contacts outside the home"),
    3: gettext_noop("3 Taking part in organised activities"),
    4: gettext_noop("4 Unpaid work (volunteering, internship)"),
    5: gettext_noop("5 Paid work with support"),
    6: gettext_noop("6 Paid work"),
}

GROUP_LABELS = {
    # Bridge pillars
    "family_stability": gettext_noop("Family stability"),
    "well_being": gettext_noop("Well-being"),
    "education": gettext_noop("Education"),
    "finances": gettext_noop("Finances"),
    "employment": gettext_noop("Work"),
    # Executive skills
    "response_inhibition": gettext_noop("Response inhibition"),
    "working_memory": gettext_noop("Working memory"),
    "emotional_control": gettext_noop("Emotional control"),
    "task_initiation": gettext_noop("Task initiation"),
    "flexibility": gettext_noop("Flexibility"),
    "sustained_attention": gettext_noop("Sustained attention"),
    "planning": gettext_noop("Planning and prioritising"),
    "organisation": gettext_noop("Organisation"),
    "time_management": gettext_noop("Time management"),
    "goal_directed_persistence": gettext_noop("Goal-directed persistence"),
    "metacognition": gettext_noop("Metacognition"),
    "stress_tolerance": gettext_noop("Stress tolerance"),
    # Positive Health
    "bodily_functions": gettext_noop("Body"),
    "mental_wellbeing": gettext_noop("Mental well-being"),
    "meaning": gettext_noop("Meaningfulness"),
    "quality_of_life": gettext_noop("Quality of life"),
    "participation": gettext_noop("Participation"),
    "daily_functioning": gettext_noop("Daily functioning"),
    # ZRM
    "work_education": gettext_noop("Work and education"),
    "time_use": gettext_noop("Time use"),
    "housing": gettext_noop("Housing"),
    "domestic_relations": gettext_noop("Domestic relations"),
    "mental_health": gettext_noop("Mental health"),
    "physical_health": gettext_noop("Physical health"),
    "substance_use": gettext_noop("Substance use"),
    "basic_adl": gettext_noop("Basic daily living"),
    "instrumental_adl": gettext_noop("Running a household"),
    "social_network": gettext_noop("Social network"),
    "social_participation": gettext_noop("Social participation"),
    "justice": gettext_noop("Justice"),
}

# Bands that are a convention of practice, not the authors' own cut-offs: the PSS-10 authors
# publish no low/moderate/high bands (Cohen & Williamson 1988 give norms only); the 0-13 /
# 14-26 / 27-40 bands are a widely used convention. Shown as "indicative".
INDICATIVE_BANDS = frozenset({"pss-10"})

# Instruments whose item texts are licensed and not shipped: the programme loads its own
# licensed wording (the functional admin, per programme); until then the form says so.
LICENSED_TEXTS = frozenset({"executive-skills"})

BAND_LABELS = {
    "low": gettext_noop("low stress"),
    "moderate": gettext_noop("moderate stress"),
    "high": gettext_noop("high stress"),
}

# Which life domain a ZRM domain belongs to (a partner sees the items of her consented domains).
ZRM_LIFE_DOMAINS = {
    "finances": FINANCES,
    "work_education": EMPLOYMENT,
    "time_use": WELL_BEING,
    "housing": FAMILY_STABILITY,
    "domestic_relations": FAMILY_STABILITY,
    "mental_health": WELL_BEING,
    "physical_health": WELL_BEING,
    "substance_use": WELL_BEING,
    "basic_adl": WELL_BEING,
    "instrumental_adl": FAMILY_STABILITY,
    "social_network": WELL_BEING,
    "social_participation": WELL_BEING,
    "justice": FAMILY_STABILITY,
}


def item_domain(instrument_code: str, item: ItemDef) -> str | None:
    if instrument_code == "brug":
        return item.code
    if instrument_code == "zrm":
        return ZRM_LIFE_DOMAINS[item.code]
    return None


def item_label(instrument_code: str, item: ItemDef) -> str:
    if item.label:
        return item.label
    if instrument_code == "executive-skills":
        return ""  # shown as "Statement 7 (Planning and prioritising)" until wording is loaded
    return GROUP_LABELS.get(item.code, item.code)


def shipped_rows() -> list[dict]:
    """The six instruments as plain data for the data migration (no models imported)."""
    rows = []
    for code, definition in SHIPPED.items():
        meta = INSTRUMENT_META[code]
        groups = list(dict.fromkeys(i.group for i in definition.items if i.group))
        rows.append(
            {
                "code": code,
                "name": meta["name"],
                "version": "1",
                "description": meta["description"],
                "direction": "higher_is_better"
                if definition.higher_is_better
                else "higher_is_worse",
                "feeds_outcomes": meta["feeds_outcomes"],
                "scheduled": meta["scheduled"],
                "scoring": meta["scoring"],
                "domain": meta["domain"],
                "order": meta["order"],
                "groups": [{"code": g, "label": GROUP_LABELS.get(g, g)} for g in groups],
                "bands": [
                    {"low": low, "high": high, "code": band, "label": BAND_LABELS.get(band, band)}
                    for low, high, band in definition.bands
                ],
                "items": [
                    {
                        "code": item.code,
                        "label": item_label(code, item),
                        "min_value": item.min_value,
                        "max_value": item.max_value,
                        "reverse_scored": item.reverse,
                        "group": item.group,
                        "domain": item_domain(code, item),
                        "order": n,
                    }
                    for n, item in enumerate(definition.items, start=1)
                ],
            }
        )
    return rows


# --- Versions ----------------------------------------------------------------------------------
# Every instrument has at least one version; a measurement records the version it was taken
# with. `scale` overrides the range of every item (None: the items' own ranges).
SOURCES = {
    "pss-10": "Cohen, S., & Williamson, G. (1988). Perceived stress in a probability sample of "
    "the United States. In S. Spacapan & S. Oskamp (Eds.), The Social Psychology of Health "
    "(pp. 31-67). Sage. (PSS-10; original scale: Cohen, Kamarck & Mermelstein, 1983, Journal "
    "of Health and Social Behavior 24(4), 385-396.)",
    "participatieladder": "Participatieladder, Divosa / Movisie (2010), rungs 1-6.",
    "brug": "EMPath, Bridge to Self-Sufficiency (Mobility Mentoring), five pillars, steps 1-5.",
    "executive-skills": "Dawson, P., & Guare, R. (2016). The Smart but Scattered Guide to "
    "Success. Guilford Press. Executive Skills Questionnaire for adults: 36 items, 12 skills "
    "of 3 items, answers 1 (strongly disagree) to 7 (strongly agree).",
    "executive-skills/mobility-mentoring": "EMPath (Economic Mobility Pathways), Executive "
    "Skills Questionnaire as adapted for Mobility Mentoring: the same 36 items and skills, "
    "answers 1 to 6 without a neutral point.",
    "positieve-gezondheid": "Huber, M., et al. (2016). Towards a 'patient-centred' "
    "operationalisation of the new dynamic concept of health. BMJ Open 6:e010091. Institute "
    "for Positive Health (iPH), 'Mijn Positieve Gezondheid', six dimensions scored 0-10.",
    "zrm": "Lauriks, S., et al. (2017). Zelfredzaamheid-Matrix 2017. GGD Amsterdam. "
    "13 domains, scored 1-5.",
}

VERSIONS = {
    "pss-10": [{"code": "1", "name": gettext_noop("PSS-10"), "scale": None}],
    "participatieladder": [{"code": "1", "name": gettext_noop("Six rungs"), "scale": None}],
    "brug": [{"code": "1", "name": gettext_noop("Five pillars"), "scale": None}],
    "executive-skills": [
        {
            "code": "1",
            "name": gettext_noop("Adult questionnaire, answers 1 to 7"),
            "scale": None,
        },
        {
            "code": "mobility-mentoring",
            "name": gettext_noop("Mobility Mentoring, answers 1 to 6 (no middle answer)"),
            "scale": (1, 6),
            "hint": gettext_noop(
                "How well does the statement fit her? 1 = not at all … 6 = completely. "
                "There is no middle answer."
            ),
        },
    ],
    "positieve-gezondheid": [{"code": "1", "name": gettext_noop("Six dimensions"), "scale": None}],
    "zrm": [{"code": "1", "name": gettext_noop("ZRM 2017"), "scale": None}],
}


def shipped_versions() -> dict[str, list[dict]]:
    """The versions of the shipped instruments as plain data (for the data migration); the
    first of each list is the instrument's current version."""
    result = {}
    for code, versions in VERSIONS.items():
        rows = []
        for n, version in enumerate(versions, start=1):
            scale = version.get("scale")
            rows.append(
                {
                    "code": version["code"],
                    "name": version["name"],
                    "source": SOURCES.get(f"{code}/{version['code']}", SOURCES[code]),
                    "scale_min": scale[0] if scale else None,
                    "scale_max": scale[1] if scale else None,
                    "scale_hint": version.get("hint", ""),
                    "order": n,
                }
            )
        result[code] = rows
    return result


# What the answers mean, shown above the questions (display only; scoring does not use it).
SCALE_HINTS = {
    "pss-10": gettext_noop(
        "In the past month, how often … 0 = never, 1 = almost never, 2 = sometimes, "
        "3 = fairly often, 4 = very often."
    ),
    "participatieladder": gettext_noop("Choose the rung she is on now."),
    "brug": gettext_noop(
        "Per pillar: 1 = crisis, 2 = vulnerable, 3 = stable, 4 = self-reliant, 5 = thriving."
    ),
    "executive-skills": gettext_noop(
        "How well does the statement fit her? 1 = not at all … 7 = completely."
    ),
    "positieve-gezondheid": gettext_noop(
        "Per dimension: 0 = very poor … 10 = excellent. A conversation tool, not a score."
    ),
    "zrm": gettext_noop(
        "Per domain: 1 = acute problems, 2 = not self-reliant, 3 = barely self-reliant, "
        "4 = adequately self-reliant, 5 = fully self-reliant."
    ),
}

# Labels for single answers where a number alone says too little.
VALUE_LABELS = {"participatieladder": {"rung": LADDER_RUNGS}}
