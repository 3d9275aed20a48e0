"""The demo tells the truth (issue 17): its report shows how much was not measured, and its
plans carry their own dates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.cases.models import Participant
from droomplan.core.demo import load_demo
from droomplan.outcomes import report
from droomplan.outcomes.metrics import Selection
from droomplan.plans.models import Action, Dream, Goal

pytestmark = pytest.mark.django_db


def test_the_demo_report_shows_not_measured_counts_and_plans_have_their_own_dates(client):
    load_demo()
    today = timezone.localdate()
    programme = Participant.objects.filter(start_date__isnull=False).first().programme
    built = report.build(Selection(programme), today, external=False)
    unknown = {code: value.unknown for code, value in built.values.items()}
    # Mothers who started recently have one PSS-10 and one executive-skills measurement so far.
    assert unknown["less_stress"] > 0
    assert unknown["executive_functions_growth"] > 0
    # Every family that started has had her debts inventoried (DM-0010 never had debts and
    # still counts as debt-free, because her coach recorded the inventory).
    assert unknown["debt_free"] == 0
    assert (
        "DM-0010" in report.compute(Selection(programme), today).metrics["debt_free"].numerator_refs
    )
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    page = client.get(reverse("outcomes:report")).content.decode()
    assert "niet gemeten" in page
    # Goals, dreams and actions were set when the trajectory ran, not today.
    now = timezone.now()
    for model in (Dream, Goal, Action):
        dates = list(model.objects.values_list("created_at", flat=True))
        assert dates
        assert min(dates) < now - datetime.timedelta(days=365), model
    for goal in Goal.objects.select_related("participant"):
        assert goal.created_at.date() >= goal.participant.start_date
        assert goal.created_at.date() <= today
