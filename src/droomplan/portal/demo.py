"""Demo of the portal: the demo login `moeder` (Lisa Jacobs, DM-0001) is an activated mother
with open steps in her plan (one she ticked off herself, a note of hers), an answer to a coming
group meeting and a questionnaire she filled in herself; Samira Bouzid (DM-0002) has an
invitation that she has not used yet."""

import datetime

from django.db.models import Q

from droomplan.cases.models import Participant
from droomplan.core.demo import register
from droomplan.core.domains import LifeDomain
from droomplan.instruments.models import FilledInBy, Measurement
from droomplan.meetings import services as meeting_services
from droomplan.meetings.models import Reply
from droomplan.plans import services as plan_services
from droomplan.plans.models import ActionOwner, Goal, GoalNote

from . import services

GOAL = "Werk vinden voor 24 uur per week"
STEPS = [
    ("Twee vacatures uitzoeken die bij me passen", 7),
    ("Mijn cv bijwerken met de stage bij MIK", 14),
]
CHILD_STEP = ("Een rustig ochtendritme maken voor Mila", 10)


@register(order=95)
def load(context) -> dict[str, int]:
    today = context["today"]
    counts = {}
    lisa = Participant.objects.filter(programme=context["programme"], ref="DM-0001").first()
    if lisa is not None and lisa.user_id is not None:
        counts["portal demo mother"] = _lisa(lisa, today)
    samira = Participant.objects.filter(programme=context["programme"], ref="DM-0002").first()
    if samira is not None and samira.user_id is None:
        coach = samira.current_coach() or context["users"]["projectleider"]
        services.invite(actor=coach, participant=samira)
        counts["portal invitations"] = 1
    return counts


def _lisa(lisa, today: datetime.date) -> int:
    her = lisa.user
    coach = lisa.current_coach()
    if Goal.objects.filter(participant=lisa, title=GOAL).exists():
        return 0
    dream = lisa.dreams.order_by("pk").first()
    goal = plan_services.create_goal(
        actor=coach,
        participant=lisa,
        title=GOAL,
        domain=LifeDomain.EMPLOYMENT,
        dream=dream,
        child=None,
        target_date=today + datetime.timedelta(days=120),
    )
    done = None
    for description, days in STEPS:
        action = plan_services.create_action(
            actor=coach,
            goal=goal,
            description=description,
            owner=ActionOwner.MOTHER,
            due_date=today + datetime.timedelta(days=days),
        )
        done = done or action
    plan_services.mark_action_done(
        actor=her, action=done, on_date=today - datetime.timedelta(days=1)
    )
    plan_services.create_action(
        actor=her, goal=goal, description="Vragen of oma op woensdag op Mila past", owner="mother"
    )
    child_goal = (
        Goal.objects.filter(participant=lisa, child__isnull=False, status="open")
        .order_by("pk")
        .first()
    )
    if child_goal is not None:
        plan_services.create_action(
            actor=coach,
            goal=child_goal,
            description=CHILD_STEP[0],
            owner=ActionOwner.MOTHER,
            due_date=today + datetime.timedelta(days=CHILD_STEP[1]),
        )
    if not GoalNote.objects.filter(goal=goal).exists():
        plan_services.add_goal_note(
            actor=her,
            goal=goal,
            went_well="Ik heb al een vacature gevonden bij de bibliotheek.",
            difficult="Ik weet niet hoe ik de opvang voor Mila regel als ik werk.",
        )
    coming = (
        lisa.meeting_attendances.select_related("session")
        .filter(session__date__gte=today)
        .order_by("session__date")
        .first()
    )
    if coming is not None:
        meeting_services.answer_invitation(actor=her, attendance=coming, reply=Reply.COMING)
    # The last Positieve Gezondheid: she filled it in herself, on her phone.
    latest = (
        Measurement.objects.filter(participant=lisa, instrument__code="positieve-gezondheid")
        .filter(~Q(filled_in_by=FilledInBy.PARTICIPANT))
        .order_by("-taken_on")
        .first()
    )
    if latest is not None:
        Measurement.objects.filter(pk=latest.pk).update(
            filled_in_by=FilledInBy.PARTICIPANT, recorded_by=her
        )
    return 1
