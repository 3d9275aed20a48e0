"""In a real browser: the board decides on an escalation and the decision lands as an action
for the partner in the mother's plan; the queue and the decision page pass axe-core."""

import datetime

import pytest
from django.utils import timezone

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.tests.factories import CoachFactory, ParticipantFactory
from droomplan.escalations.models import EscalationStatus
from droomplan.escalations.tests.factories import EscalationFactory
from droomplan.plans.models import Action, ActionOwner
from droomplan.plans.tests.factories import GoalFactory

pytestmark = pytest.mark.browser


def test_the_board_decides_and_the_plan_gets_the_action(
    page, live_server, login, assert_accessible
):
    today = timezone.localdate()
    mother = ParticipantFactory(coach=CoachFactory(), active=True, given_name="Zeldzamenaam")
    goal = GoalFactory(participant=mother, title="Schuldenvrij worden")
    escalation = EscalationFactory(
        goal=goal, opened_on=today, deadline=today + datetime.timedelta(days=14)
    )
    credit_bank = OrganisationFactory(name="Kredietbank Limburg", kind="credit_bank")
    board = UserFactory(role=Role.BOARD)

    login(page, live_server, board)
    page.goto("/escalaties/")
    assert f"/escalaties/{escalation.pk}/" in page.content()
    assert_accessible(page)
    page.goto(f"/escalaties/{escalation.pk}/besluit/")
    assert "Zeldzamenaam" not in page.content()  # the board reads the summary, not her file
    assert_accessible(page)
    page.fill("textarea[name=text]", "Het fonds neemt de vordering over.")
    page.select_option("select[name=organisation]", str(credit_bank.pk))
    page.fill("input[name=due_date]", (today + datetime.timedelta(days=10)).isoformat())
    page.fill("textarea[name=actions]", "Vordering overnemen van de zorgverzekeraar")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert_accessible(page)

    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.DECIDED
    action = Action.objects.get(goal=goal, organisation=credit_bank)
    assert action.owner == ActionOwner.PARTNER
    assert action.description == "Vordering overnemen van de zorgverzekeraar"
