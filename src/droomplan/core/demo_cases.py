"""Demo families: two groups of ten mothers plus a few in intake, with plans and contacts
that read like real work. Deterministic, so every demo shows the same programme."""

import datetime
import random

from django.utils import timezone

from droomplan.accounts.models import Organisation, User
from droomplan.cases import services as case_services
from droomplan.cases.models import Contact, ContactKind, EndReason, Participant
from droomplan.core.domains import LifeDomain
from droomplan.plans.models import Action, ActionOwner, Dream, Goal, GoalStatus
from droomplan.programmes.models import Cohort, Municipality, Programme

FIRST_NAMES = [
    "Lisa",
    "Samira",
    "Kimberley",
    "Demi",
    "Naomi",
    "Jamila",
    "Chantal",
    "Romy",
    "Esra",
    "Shanice",
    "Fleur",
    "Priscilla",
    "Amber",
    "Layla",
    "Britt",
    "Noor",
    "Melissa",
    "Iris",
    "Yara",
    "Sabrina",
    "Dounia",
    "Joyce",
    "Tamara",
]
FAMILY_NAMES = [
    "Jacobs",
    "Bouzid",
    "Willems",
    "Hendriks",
    "Janssen",
    "El Amrani",
    "Lemmens",
    "Peters",
    "Yilmaz",
    "Martina",
    "Vrancken",
    "Kurvers",
    "Claessens",
    "Haddou",
    "Notermans",
    "Smeets",
    "Frijns",
    "Wetzels",
    "Rousseau",
    "Dassen",
    "Benali",
    "Coumans",
    "Gerards",
]
STREETS = ["Brusselseweg", "Boschstraat", "Akerstraat", "Wycker Grachtstraat"]
CHILD_NAMES = ["Noah", "Mila", "Liam", "Sara", "Daan", "Yasmine", "Luuk", "Emma", "Adam", "Lina"]
DREAMS = [
    "Ik wil een eigen plek voor mij en mijn kinderen, waar we rust hebben.",
    "Ik wil mijn diploma halen en in de zorg werken, zodat mijn zoon trots op me is.",
    "Ik wil geen schulden meer en zelf mijn geld kunnen regelen.",
    "Ik wil een baan waar ik van kan leven en tijd hebben voor mijn dochter.",
    "Ik wil me weer sterk voelen en mensen om me heen hebben op wie ik kan bouwen.",
]
GOALS = [
    (LifeDomain.FINANCES, "Overzicht van alle schulden en een plan met de Kredietbank"),
    (LifeDomain.FAMILY_STABILITY, "Een eigen woning met een huurcontract op haar naam"),
    (LifeDomain.EDUCATION, "Starten met de mbo-2 opleiding Helpende Zorg en Welzijn"),
    (LifeDomain.EMPLOYMENT, "Een stageplek vinden bij een partnerorganisatie"),
    (LifeDomain.WELL_BEING, "Minder stress: elke week iets voor zichzelf doen"),
]
ACTIONS = {
    LifeDomain.FINANCES: [
        ("Alle brieven van schuldeisers in één map verzamelen", ActionOwner.MOTHER, None),
        ("Aanmelding bij de Kredietbank voor schuldhulp", ActionOwner.COACH, None),
        ("Saneringskrediet beoordelen", ActionOwner.PARTNER, "kredietbank"),
    ],
    LifeDomain.FAMILY_STABILITY: [
        ("Inschrijven bij Woningstichting Servatius", ActionOwner.MOTHER, None),
        ("Urgentieverklaring aanvragen met de gemeente", ActionOwner.COACH, None),
    ],
    LifeDomain.EDUCATION: [
        ("Open dag Vista college bezoeken", ActionOwner.MOTHER, None),
        ("Kinderopvang regelen voor de lesdagen", ActionOwner.PARTNER, "mik"),
    ],
    LifeDomain.EMPLOYMENT: [
        ("Cv maken samen met de coach", ActionOwner.COACH, None),
        ("Kennismaken bij MIK voor een stageplek", ActionOwner.MOTHER, None),
    ],
    LifeDomain.WELL_BEING: [
        ("Aanmelden voor de wandelgroep op dinsdag", ActionOwner.MOTHER, None),
        ("Gesprek met de huisarts over slaapproblemen", ActionOwner.MOTHER, None),
    ],
}
CONTACT_NOTES = [
    (ContactKind.HOME_VISIT, 75, "Huisbezoek. Samen de post doorgenomen; twee nieuwe aanmaningen."),
    (ContactKind.ONE_ON_ONE, 60, "Droom besproken en vertaald naar drie haalbare doelen."),
    (ContactKind.PHONE, 15, "Ze belde omdat de opvang voor haar zoon niet doorging. Opgelost."),
    (ContactKind.MESSAGE, 5, "Herinnering gestuurd voor de afspraak bij de Kredietbank."),
    (ContactKind.WITH_PARTNER, 90, "Gesprek met de Kredietbank: alle schulden in beeld."),
    (ContactKind.GROUP, 120, "Groepsbijeenkomst over budgetteren; zij deelde haar ervaring."),
    (ContactKind.ONE_ON_ONE, 45, "Terugblik op de stage. Gaat goed, wil meer uren."),
]


def _birth_date(rng: random.Random, intake: datetime.date) -> datetime.date:
    age_days = rng.randint(19 * 365, 27 * 365)
    return intake - datetime.timedelta(days=age_days)


def load_demo_cases(*, lead: User, coaches: list[User], today: datetime.date) -> int:
    """Create the demo families that do not exist yet. Returns how many were added."""
    rng = random.Random(2024)  # noqa: S311 (demo data, not security)
    programme = Programme.objects.get(code="droommoeders")
    municipalities = list(Municipality.objects.order_by("cbs_code"))
    maastricht = next(m for m in municipalities if m.cbs_code == "GM0935")
    orgs = {o.code: o for o in Organisation.objects.all()}
    cohorts = list(Cohort.objects.filter(programme=programme).order_by("start_date"))
    existing = set(Participant.objects.filter(programme=programme).values_list("ref", flat=True))
    added = 0
    plan = [(cohorts[0], i) for i in range(10)] + [(cohorts[1], i) for i in range(10)]
    plan += [(None, i) for i in range(3)]  # in intake
    for number, (cohort, index) in enumerate(plan, start=1):
        ref = f"DM-{number:04d}"
        if ref in existing:
            continue
        coach = coaches[number % len(coaches)]
        intake = (
            (cohort.start_date - datetime.timedelta(days=21))
            if cohort
            else (today - datetime.timedelta(days=10 + index * 5))
        )
        municipality = maastricht if number % 3 else municipalities[number % len(municipalities)]
        participant = case_services.register_participant(
            actor=lead,
            programme=programme,
            ref=ref,
            given_name=FIRST_NAMES[number - 1],
            family_name=FAMILY_NAMES[number - 1],
            birth_date=_birth_date(rng, intake),
            municipality=municipality,
            intake_date=intake,
            phone=f"06-{rng.randint(10000000, 99999999)}",
            email=f"{FIRST_NAMES[number - 1].lower()}@example.nl",
            address=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
            cohort=cohort,
            children=[
                case_services.ChildData(
                    given_name=CHILD_NAMES[(number + k) % len(CHILD_NAMES)],
                    birth_date=intake - datetime.timedelta(days=rng.randint(200, 2500)),
                    childcare="MIK kinderopvang" if k == 0 else "",
                    school="" if k == 0 else "Basisschool De Letterdoos",
                )
                for k in range(1 + number % 2)
            ],
            coach=coach,
        )
        added += 1
        if cohort is None:
            continue
        case_services.start_trajectory(
            actor=lead, participant=participant, start_date=cohort.start_date
        )
        _demo_plan(rng, participant, coach, orgs, cohort.start_date, today)
        _demo_contacts(rng, participant, coach, cohort.start_date, today)
        if number == 7:
            case_services.end_trajectory(
                actor=lead,
                participant=participant,
                end_date=cohort.start_date + datetime.timedelta(days=200),
                end_reason=EndReason.DROPPED_OUT,
                note="Verhuisd naar familie; wil later misschien terugkomen.",
            )
    return added


def _demo_plan(rng, participant, coach, orgs, start, today):
    dream = Dream.objects.create(participant=participant, text=rng.choice(DREAMS), created_by=coach)
    for k, (domain, title) in enumerate(rng.sample(GOALS, 3)):
        target = start + datetime.timedelta(days=120 + 90 * k)
        status = (
            GoalStatus.ACHIEVED if target < today - datetime.timedelta(days=60) else GoalStatus.OPEN
        )
        goal = Goal.objects.create(
            participant=participant,
            dream=dream,
            domain=domain,
            title=title,
            target_date=target,
            status=status,
            created_by=coach,
        )
        for j, (text, owner, org_code) in enumerate(ACTIONS[domain]):
            due = target - datetime.timedelta(days=60 - 20 * j)
            done = (
                due
                if (status == GoalStatus.ACHIEVED or due < today - datetime.timedelta(days=30))
                else None
            )
            Action.objects.create(
                goal=goal,
                description=text,
                owner=owner,
                organisation=orgs.get(org_code) if org_code else None,
                due_date=due,
                done_on=done,
                created_by=coach,
            )
    child = participant.children.first()
    if child is not None:
        goal = Goal.objects.create(
            participant=participant,
            child=child,
            domain=LifeDomain.CHILDREN,
            title=f"{child.given_name} gaat met plezier naar de opvang of school",
            target_date=start + datetime.timedelta(days=180),
            created_by=coach,
        )
        Action.objects.create(
            goal=goal,
            description="Intakegesprek op de opvang plannen",
            owner=ActionOwner.PARTNER,
            organisation=orgs.get("mik"),
            due_date=start + datetime.timedelta(days=30),
            created_by=coach,
        )


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 30)))


def _demo_contacts(rng, participant, coach, start, today):
    day = start
    for kind, minutes, note in CONTACT_NOTES:
        day = day + datetime.timedelta(days=rng.randint(10, 40))
        if day > today:
            break
        contact = case_services.log_contact(
            actor=coach,
            participant=participant,
            date=day,
            kind=kind,
            duration_minutes=minutes,
            note=note,
        )
        # Written on the day itself, so the 24-hour edit window has long passed.
        Contact.objects.filter(pk=contact.pk).update(created_at=_at(day))
