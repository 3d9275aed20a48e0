"""In a real browser, on a phone-sized screen: the coach registers a debt (a wrong amount is
explained and her input kept), the case page shows the total and draws the chart, and the
pages pass axe-core."""

import datetime

import pytest

from droomplan.cases.tests.factories import CoachFactory, ParticipantFactory
from droomplan.lifedomains.models import Debt
from droomplan.lifedomains.tests.factories import DebtFactory, HousingStatusFactory

pytestmark = pytest.mark.browser


def test_coach_registers_a_debt_and_sees_the_chart(page, live_server, login, assert_accessible):
    coach = CoachFactory()
    participant = ParticipantFactory(coach=coach, active=True, given_name="Sanne")
    DebtFactory(participant=participant, registered_on=datetime.date(2025, 2, 1))
    HousingStatusFactory(participant=participant)
    page.set_viewport_size({"width": 390, "height": 900})
    login(page, live_server, coach)
    page.goto(f"/deelnemers/{participant.pk}/schulden/nieuw/")
    assert_accessible(page)
    page.fill("input[name=creditor]", "Energieleverancier")
    page.fill("input[name=amount]", "-5")
    page.fill("input[name=registered_on]", "2025-03-01")
    page.click("main form.dp-form button[type=submit]")
    assert "Het bedrag moet meer dan € 0 zijn." in page.content()
    assert page.input_value("input[name=creditor]") == "Energieleverancier"
    assert_accessible(page)
    page.fill("input[name=amount]", "1.250,50")
    with page.expect_navigation():
        page.click("main form.dp-form button[type=submit]")
    assert Debt.objects.filter(participant=participant, amount="1250.50").exists()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('ld-debt-chart'))"
    )
    assert "Openstaand vandaag" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
