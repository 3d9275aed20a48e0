"""With the demo programme, the demo coach's home page starts with a work list that matches
the demo data."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from droomplan.accounts.models import User
from droomplan.attention.worklist import LIMIT, work_lists
from droomplan.cases.models import Contact, Participant, Status
from droomplan.plans.models import Action, ActionOwner, Goal


@pytest.mark.django_db
def test_the_demo_coach_starts_her_day_with_her_work_list(client):
    call_command("demo_data", stdout=io.StringIO())
    coach = User.objects.get(username="coach.trajekt")
    today = timezone.localdate()
    families = Participant.objects.filter(
        coach_assignments__coach=coach, coach_assignments__ended_on__isnull=True
    ).exclude(status=Status.ENDED)
    (own,) = work_lists(coach, today=today)
    groups = {g.key: g for g in own.groups}

    overdue = Action.objects.filter(
        goal__participant__in=families,
        owner__in=[ActionOwner.COACH, ActionOwner.MOTHER],
        done_on__isnull=True,
        due_date__lt=today,
    )
    shown = len(groups["actions"].items) if "actions" in groups else 0
    assert shown == min(overdue.count(), LIMIT)
    past = Goal.objects.filter(participant__in=families, status="open", target_date__lt=today)
    assert len(groups["goals"].items) == min(past.count(), LIMIT)
    for item in groups["contact"].items:
        family = item.participant
        last = Contact.objects.filter(participant=family).order_by("-date").first()
        weeks = family.programme.contact_gap_weeks
        assert last is None or (today - last.date).days > 7 * weeks
    assert all(i.participant in families for g in own.groups for i in g.items if i.participant)

    client.force_login(coach)
    page = client.get(reverse("core:home")).content.decode()
    main = page.split('id="main"', 1)[1]
    assert main.index("Vandaag") < main.index("Uw gezinnen zoeken en filteren")
