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


def test_the_coach_on_a_phone_header_menu_and_case_parts(
    page, live_server, login, assert_accessible
):
    """Issue 19 on a 390 px screen: the header is one line (name, search, menu button), the
    menu opens without any script of ours, the case file is an overview with parts as tabs,
    no page is wider than the screen, and axe-core finds nothing serious."""
    coach = UserFactory(role=Role.COACH, first_name="Sanne")
    mother = ParticipantFactory(coach=coach, active=True, given_name="Samira")
    GoalFactory(participant=mother, title="Rijbewijs halen")
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, coach)

    page.goto(f"{live_server.url}/")
    assert page.locator("header").bounding_box()["height"] < 90  # one line
    assert not page.locator("nav.dp-nav").is_visible()  # the navigation is behind the menu
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gezinnen").click()
    page.wait_for_load_state()
    assert page.url.endswith("/deelnemers/")

    page.get_by_role("searchbox").fill("Samira")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken").first.click()
    page.get_by_role("link", name="Samira", exact=False).first.click()
    page.wait_for_load_state()
    for url in (page.url, f"{live_server.url}/deelnemers/{mother.pk}/deel/contacten/"):
        page.goto(url)
        assert "Rijbewijs halen" in page.content() or "contacten" in url
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert_accessible(page)
    tabs = page.get_by_role("navigation", name="Onderdelen van het dossier")
    tabs.get_by_role("link", name="Metingen").click()
    page.wait_for_load_state()
    assert page.url.endswith("/deel/measurements/")
    assert_accessible(page)
