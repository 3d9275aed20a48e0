"""In a real browser: the coach registers a debt, the case page shows the total, the chart is
drawn, and the pages pass axe-core (serious and critical rules)."""

import os
import shutil
from importlib import resources

import pytest

from droomplan.accounts.tests.factories import TEST_PASSWORD
from droomplan.lifedomains.models import Debt

from .factories import DebtFactory, HousingStatusFactory

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = shutil.which("chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture
def page(live_server, transactional_db):
    if not CHROMIUM:
        pytest.skip("chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            viewport={"width": 390, "height": 900}, base_url=live_server.url
        )
        context.set_default_timeout(10_000)
        yield context.new_page()
        browser.close()


def login(page, user):
    page.goto("/account/inloggen/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.click("form.dp-form button[type=submit]")


def serious_violations(page) -> list:
    axe = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")
    page.evaluate(axe)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_coach_registers_a_debt_and_sees_the_chart(page, coach, participant):
    import datetime

    DebtFactory(participant=participant, registered_on=datetime.date(2025, 2, 1))
    HousingStatusFactory(participant=participant)
    login(page, coach)
    page.goto(f"/deelnemers/{participant.pk}/schulden/nieuw/")
    assert serious_violations(page) == []
    page.fill("input[name=creditor]", "Energieleverancier")
    page.fill("input[name=amount]", "-5")
    page.fill("input[name=registered_on]", "2025-03-01")
    page.click("main form.dp-form button[type=submit]")
    assert "Het bedrag moet meer dan € 0 zijn." in page.content()
    assert page.input_value("input[name=creditor]") == "Energieleverancier"
    assert serious_violations(page) == []
    page.fill("input[name=amount]", "1.250,50")
    with page.expect_navigation():
        page.click("main form.dp-form button[type=submit]")
    assert Debt.objects.filter(participant=participant, amount="1250.50").exists()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('ld-debt-chart'))"
    )
    assert "Openstaand vandaag" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []
