"""The coach's core journey in a real browser: her caseload, a family's case page with plan
and timeline, logging a contact shared as her consent allows, recording a PSS-10 — each page
checked with axe-core (and, on the phone, for being no wider than the screen)."""

import datetime

import pytest
from django.utils import timezone

from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.models import Contact
from droomplan.cases.tests.factories import ChildFactory, ParticipantFactory
from droomplan.core.domains import LifeDomain
from droomplan.instruments.models import Measurement
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
    page, live_server, login, assert_accessible, shipped_instruments
):
    """Issue 19 on a 390 px screen: the header is one line (name, search, menu button), the
    menu opens without any script of ours, the case file is an overview with parts as tabs; the
    coach logs a contact shared with the one organisation she consented to and records a PSS-10.
    On every page: nothing wider than the screen, and axe-core finds nothing serious."""
    coach = UserFactory(role=Role.COACH, first_name="Sanne")
    mother = ParticipantFactory(coach=coach, active=True, given_name="Samira")
    GoalFactory(participant=mother, title="Rijbewijs halen")
    credit_bank = ConsentFactory(
        participant=mother, organisation__name="Kredietbank Utrecht"
    ).organisation  # consent covers finances
    OrganisationFactory(name="Universiteit Utrecht")  # no consent: never offered
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, coach)

    def check_page():
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wide <= 0, f"{page.url} is {wide} px wider than the 390 px screen"
        assert_accessible(page)

    page.goto(f"{live_server.url}/")
    assert page.locator("header").bounding_box()["height"] < 90  # one line
    assert not page.locator("nav.dp-nav").is_visible()  # the navigation is behind the menu
    # The search box's placeholder is not cut off (its label is hidden, so this is the hint).
    room = page.evaluate(
        """() => { const box = document.getElementById('dp-header-search');
        const style = getComputedStyle(box);
        const text = document.createElement('canvas').getContext('2d');
        text.font = style.font;
        return box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
            - text.measureText(box.placeholder).width; }"""
    )
    assert room >= 0, f"the search placeholder is cut off ({room:.0f} px short)"
    check_page()
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gezinnen").click()
    page.wait_for_load_state()
    assert page.url.endswith("/deelnemers/")
    check_page()

    page.get_by_role("searchbox").fill("Samira")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken").first.click()
    check_page()
    page.get_by_role("link", name="Samira", exact=False).first.click()
    page.wait_for_load_state()
    overview = page.url
    for url in (overview, f"{live_server.url}/deelnemers/{mother.pk}/deel/contacten/"):
        page.goto(url)
        assert "Rijbewijs halen" in page.content() or "contacten" in url
        check_page()

    # A contact about her finances, shared with the credit bank: the only organisation listed.
    page.goto(overview)
    page.get_by_role("link", name="Contactmoment toevoegen").click()
    page.wait_for_load_state()
    check_page()
    shared = page.locator("input[name=shared_with]")
    assert shared.count() == 1
    assert "Universiteit Utrecht" not in page.content()
    page.fill("input[name=date]", timezone.localdate().isoformat())
    page.select_option("select[name=kind]", "home_visit")
    page.fill("input[name=duration_minutes]", "30")
    page.fill("textarea[name=note]", "Samen de betalingsregeling besproken.")
    page.select_option("select[name=domain]", LifeDomain.FINANCES.value)
    page.get_by_label("Kredietbank Utrecht", exact=False).check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    contact = Contact.objects.get(participant=mother, note__startswith="Samen de betalings")
    assert contact.domain == LifeDomain.FINANCES
    assert list(contact.shared_with.all()) == [credit_bank]
    assert "betalingsregeling" in page.content()
    check_page()

    # A PSS-10 from the measurements part.
    page.goto(overview)
    tabs = page.get_by_role("navigation", name="Onderdelen van het dossier")
    tabs.get_by_role("link", name="Metingen").click()
    page.wait_for_load_state()
    assert page.url.endswith("/deel/measurements/")
    check_page()
    page.get_by_role("link", name="Nieuwe meting").first.click()
    page.wait_for_load_state()
    check_page()
    page.locator("a[href$='/nieuw/pss-10/']").click()
    page.wait_for_load_state()
    check_page()
    items = page.locator("fieldset.dp-measure-item")
    assert items.count() == 10
    for n in range(items.count()):
        items.nth(n).locator("label.dp-scale__option").nth(1).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Meting opslaan").click()
    measurement = Measurement.objects.get(participant=mother, instrument__code="pss-10")
    assert page.url.endswith(f"/metingen/{measurement.pk}/")
    check_page()
