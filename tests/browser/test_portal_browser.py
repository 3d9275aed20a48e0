"""The mother's own portal on a 390 px phone in headless Chromium: she reads her plan, ticks
off a step, answers a meeting invitation and fills in a PSS-10; every page passes axe-core and
no page shows another mother's name."""

import datetime

import pytest

from droomplan.instruments.models import FilledInBy, Measurement
from droomplan.meetings.models import Reply
from droomplan.meetings.tests.factories import AttendanceFactory, GroupSessionFactory
from droomplan.plans.models import ActionOwner
from droomplan.plans.tests.factories import ActionFactory, DreamFactory, GoalFactory
from droomplan.portal.tests.factories import mother_with_login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
OTHER_MOTHER = "Anderemoedernaam"


@pytest.fixture
def mother(shipped_instruments):
    today = datetime.date.today()
    mother = mother_with_login(
        given_name="Lisa", active=True, start_date=today - datetime.timedelta(days=7)
    )
    dream = DreamFactory(participant=mother, text="Een eigen huis met een tuin voor Mila")
    goal = GoalFactory(participant=mother, dream=dream, title="Werk vinden voor 24 uur")
    ActionFactory(goal=goal, description="Twee vacatures uitzoeken", owner=ActionOwner.MOTHER)
    session = GroupSessionFactory(
        programme=mother.programme,
        date=today + datetime.timedelta(days=6),
        theme="Opvoeden: grenzen stellen",
    )
    AttendanceFactory(session=session, participant=mother)
    other = mother_with_login(given_name=OTHER_MOTHER, programme=mother.programme)
    AttendanceFactory(session=session, participant=other)
    return mother


def test_the_mother_on_her_phone(page, live_server, login, assert_accessible, mother):
    page.set_viewport_size(PHONE)
    login(page, live_server, mother.user)
    assert page.url.endswith("/mijn/")
    assert_accessible(page)
    assert OTHER_MOTHER not in page.content()

    # Her plan: read it, tick off her step.
    page.get_by_role("link", name="Mijn plan").click()
    page.wait_for_load_state()
    assert "Werk vinden voor 24 uur" in page.content()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Klaar! Afvinken").first.click()
    assert "Goed gedaan" in page.content()
    assert mother.goals.get().actions.get().done_on is not None
    assert_accessible(page)

    # A meeting: answer "ik kom".
    page.goto(f"{live_server.url}/mijn/")
    page.get_by_role("link", name="Afspraken en bijeenkomsten").click()
    page.wait_for_load_state()
    assert "Opvoeden: grenzen stellen" in page.content()
    assert OTHER_MOTHER not in page.content()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ik kom").first.click()
    assert mother.meeting_attendances.get().reply == Reply.COMING
    assert_accessible(page)

    # The PSS-10, filled in on her phone.
    page.goto(f"{live_server.url}/mijn/")
    page.get_by_role("link", name="Zelf invullen").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("a[href$='/mijn/vragenlijsten/pss-10/']").click()
    page.wait_for_load_state()
    assert_accessible(page)
    for item in range(1, 11):
        page.locator(f"input[name=item_{item}][value='1']").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    measurement = Measurement.objects.get(participant=mother)
    assert measurement.filled_in_by == FilledInBy.PARTICIPANT
    assert_accessible(page)
    # Nothing on the phone is wider than the screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
