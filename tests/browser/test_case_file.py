"""The coach's core journey in a real browser: her caseload, a family's case page with plan
and timeline, logging a contact — each page checked with axe-core."""

import datetime

import pytest

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.cases.models import Contact
from droomplan.cases.tests.factories import ChildFactory, ParticipantFactory
from droomplan.plans.tests.factories import ActionFactory, GoalFactory

pytestmark = pytest.mark.browser


def test_coach_opens_case_and_logs_a_contact(page, live_server, login, assert_accessible):
    coach = UserFactory(role=Role.COACH, first_name="Sanne")
    mother = ParticipantFactory(coach=coach, active=True, given_name="Samira")
    ChildFactory(participant=mother, given_name="Noah")
    ActionFactory(goal=GoalFactory(participant=mother))
    login(page, live_server, coach)

    page.goto(f"{live_server.url}/deelnemers/")
    assert page.get_by_role("link", name="Samira", exact=False).is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Samira", exact=False).first.click()
    page.wait_for_load_state()
    assert mother.ref in page.content()
    assert_accessible(page)

    page.goto(f"{live_server.url}/deelnemers/{mother.pk}/contacten/nieuw/")
    assert_accessible(page)
    page.fill("input[name=date]", datetime.date(2025, 3, 3).isoformat())
    page.select_option("select[name=kind]", "home_visit")
    page.fill("input[name=duration_minutes]", "45")
    page.fill("textarea[name=note]", "Huisbezoek: samen de post doorgenomen.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert Contact.objects.filter(participant=mother, note__startswith="Huisbezoek").exists()
    assert "samen de post doorgenomen" in page.content()
