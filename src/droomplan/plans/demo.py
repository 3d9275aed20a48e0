"""Demo plans: a dream, goals in three life domains and their actions for each family that has
started, and a goal for her first child. Deterministic per family (seeded by the case number),
added once."""

import datetime
import random

from django.utils import timezone

from droomplan.core.demo import register
from droomplan.core.domains import LifeDomain

from .models import Action, ActionOwner, Dream, Goal, GoalStatus

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


@register(order=40)
def load(context) -> dict[str, int]:
    lead, today = context["users"]["projectleider"], context["today"]
    orgs = context["organisations"]
    added = 0
    for participant in context["families"]:
        if participant.start_date is None or Dream.objects.filter(participant=participant).exists():
            continue
        rng = random.Random(participant.ref)  # noqa: S311 (demo data, not security)
        _demo_plan(
            rng,
            participant,
            participant.current_coach() or lead,
            orgs,
            participant.start_date,
            today,
        )
        added += 1
    return {"plans added": added}


def _at(day: datetime.date, today: datetime.date) -> datetime.datetime:
    """The moment a demo fact was written down: its own day (never after today), at 10:00."""
    day = min(day, today)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _dated(obj, day: datetime.date, today: datetime.date) -> None:
    """Give a demo fact its own created date (the timeline shows a 2024 goal as set in 2024,
    not as created today): `created_at` is set on insert, so it is corrected afterwards."""
    type(obj).objects.filter(pk=obj.pk).update(created_at=_at(day, today))


def _demo_plan(rng, participant, coach, orgs, start, today):
    dream = Dream.objects.create(participant=participant, text=rng.choice(DREAMS), created_by=coach)
    _dated(dream, start + datetime.timedelta(days=7), today)
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
        set_on = start + datetime.timedelta(days=14 + 30 * k)
        _dated(goal, set_on, today)
        for j, (text, owner, org_code) in enumerate(ACTIONS[domain]):
            due = target - datetime.timedelta(days=60 - 20 * j)
            done = (
                due
                if (status == GoalStatus.ACHIEVED or due < today - datetime.timedelta(days=30))
                else None
            )
            action = Action.objects.create(
                goal=goal,
                description=text,
                owner=owner,
                organisation=orgs.get(org_code) if org_code else None,
                due_date=due,
                done_on=done,
                created_by=coach,
            )
            _dated(action, min(set_on + datetime.timedelta(days=3 * j), due), today)
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
        _dated(goal, start + datetime.timedelta(days=10), today)
        due = start + datetime.timedelta(days=30)
        action = Action.objects.create(
            goal=goal,
            description="Intakegesprek op de opvang plannen",
            owner=ActionOwner.PARTNER,
            organisation=orgs.get("mik"),
            due_date=due,
            # Mostly done by the childcare partner (a little late, as happens); in a few
            # families it is still open, so the coach has something overdue to chase.
            done_on=due + datetime.timedelta(days=5)
            if due < today and rng.random() < 0.75
            else None,
            created_by=coach,
        )
        _dated(action, start + datetime.timedelta(days=10), today)
