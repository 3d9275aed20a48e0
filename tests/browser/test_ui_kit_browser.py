"""The UI kit and the Content-Security-Policy in a real browser, on the demo programme: the
charts still draw, htmx still loads the trend, nothing is refused by the policy, the tables
scroll with the keyboard on a phone, a choice group keeps every box next to its label, the
case overview of a demo family fits on about two desktop screens and three phone screens
(issue 19), no page is wider than the screen, and every page passes axe-core. One test: the
demo is loaded once (it takes a while)."""

from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from droomplan.accounts.models import User
from droomplan.cases.models import Participant

pytestmark = pytest.mark.browser

# The demo needs the municipalities that this data migration creates (and the instruments:
# `shipped_instruments`); the flush after an earlier browser test removed them, so they are made
# again.
SEEDS = [
    ("droomplan.programmes.migrations.0002_south_limburg_municipalities", "add_municipalities"),
]

DEMO_PASSWORD = "droommoeders-demo"


@pytest.fixture
def demo(shipped_instruments):
    for module, function in SEEDS:
        getattr(import_module(module), function)(apps, None)
    call_command("demo_data", stdout=StringIO())


@pytest.fixture
def refused(page):
    """Messages of what the browser refused (CSP) or failed to run on the page."""
    messages: list[str] = []
    page.on("console", lambda m: m.type == "error" and messages.append(m.text))
    page.on("pageerror", lambda error: messages.append(str(error)))
    return messages


def charts_drawn(page) -> int:
    return page.evaluate(
        "() => [...document.querySelectorAll('canvas')]"
        ".filter(c => window.Chart && window.Chart.getChart(c)).length"
    )


# Issue 19: the overview of a demo family (DM-0001, the richest) fits on about two screens
# on a desktop and about three on a phone.
SCREENS = {(1280, 800): 1600, (390, 844): 2500}


def check_the_overview_is_compact(page, case, assert_accessible) -> None:
    for (width, height), most in SCREENS.items():
        page.set_viewport_size({"width": width, "height": height})
        for path in ("/", "/deel/plan/"):
            page.goto(f"{case}{path}", wait_until="networkidle")
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 0, f"{page.url} is {wide} px wider than the {width} px screen"
            if path == "/":
                tall = page.evaluate("document.documentElement.scrollHeight")
                assert tall <= most, f"the overview is {tall} px at {width} px (at most {most})"
                assert page.locator("main details").count() == 0  # summaries, nothing folded
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_charts_htmx_print_tables_and_choice_groups_work_under_the_policy(
    page, live_server, login, assert_accessible, demo, refused
):
    login(page, live_server, User.objects.get(username="projectleider"), DEMO_PASSWORD)
    case = f"{live_server.url}/deelnemers/{Participant.objects.get(ref='DM-0001').pk}"

    # The count beside "Meldingen" (htmx) is as wide as its number and stays on the link's
    # line: it was a wide box, taller than the line, that lifted the link above the others.
    page.goto(f"{live_server.url}/", wait_until="networkidle")
    link = page.locator(".dp-header__tools a", has_text="Meldingen").first
    count = link.locator(".utrecht-status-badge")
    assert count.inner_text().split()[0] == "3"  # then "ongelezen" for screen readers
    badge, mine = count.bounding_box(), page.locator(".dp-header__tools a").last.bounding_box()
    assert badge["width"] < 1.5 * badge["height"], badge
    assert link.bounding_box()["height"] <= mine["height"] + 1, (link.bounding_box(), mine)

    check_the_overview_is_compact(page, case, assert_accessible)

    # The charts are on the parts' own pages: six progress charts, and the debt chart.
    page.goto(f"{case}/deel/measurements/", wait_until="networkidle")
    assert charts_drawn(page) == 6
    assert page.locator("script[src*='chart.umd']").count() == 1
    assert_accessible(page)
    page.goto(f"{case}/deel/lifedomains/", wait_until="networkidle")
    assert charts_drawn(page) == 1
    assert_accessible(page)

    page.goto(f"{live_server.url}/resultaten/", wait_until="networkidle")
    page.wait_for_selector("#dp-outcomes-trend-chart")  # loaded by htmx after the page
    page.wait_for_function(
        "() => window.Chart.getChart(document.getElementById('dp-outcomes-trend-chart'))"
    )
    assert charts_drawn(page) == 2
    assert_accessible(page)

    page.goto(f"{case}/plan/afdrukken/", wait_until="networkidle")
    assert page.locator("[data-dp-print]").is_visible()  # shown by ui.js

    # On a phone: tables scroll sideways with the keyboard, choice groups stay tidy.
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/deelnemers/", wait_until="networkidle")
    wrapper = page.locator(".dp-table-wrap").first
    assert wrapper.evaluate("w => w.scrollWidth > w.clientWidth")  # it does scroll sideways
    wrapper.focus()
    assert wrapper.evaluate("w => document.activeElement === w")  # reachable: tabindex="0"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # The browser may scroll smoothly: wait until it has moved.
    page.wait_for_function("() => document.querySelector('.dp-table-wrap').scrollLeft > 0")
    assert_accessible(page)

    page.goto(f"{case}/contacten/nieuw/", wait_until="networkidle")
    options = page.locator("fieldset.dp-choice-field .dp-choice")
    # Sharing follows consent (issue 19): only the organisations she consented to are listed.
    assert options.count() >= 2
    for index in range(options.count()):
        box = options.nth(index).locator("input").bounding_box()
        label = options.nth(index).locator("label").bounding_box()
        # The box sits on the same line as its own label, to the left of it.
        assert abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < 12
        assert box["x"] + box["width"] <= label["x"]
    legend = page.locator("fieldset.dp-choice-field legend").first.bounding_box()
    help_text = page.locator("fieldset.dp-choice-field .utrecht-form-field-description").first
    first_option = options.first.bounding_box()
    assert legend["y"] + legend["height"] <= help_text.bounding_box()["y"] <= first_option["y"]
    assert_accessible(page)

    assert refused == []
