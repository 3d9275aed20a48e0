"""Consent in a real browser: the coach records a consent for the credit bank, the credit
bank's professional sees exactly the finances of that mother, withdrawal ends it at once. Each
page is checked with axe-core."""

import pytest

from droomplan.access.models import Consent
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.plans.tests.factories import ActionFactory, GoalFactory

from .conftest import VIEWPORT

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def test_consent_for_the_credit_bank_from_record_to_withdrawal(
    page, browser, live_server, login, assert_accessible
):
    coach = UserFactory(role=Role.COACH, first_name="Sanne")
    bank = OrganisationFactory(code="kredietbank", name="Kredietbank Limburg")
    partner = UserFactory(role=Role.PARTNER, role__organisation=bank, first_name="Kees")
    mother = ParticipantFactory(coach=coach, active=True, given_name="Samira", phone="0611122233")
    ActionFactory(
        goal=GoalFactory(participant=mother, domain="finances", title="Schulden op een rij")
    )
    GoalFactory(participant=mother, domain="well_being", title="Geheim welzijnsdoel")

    login(page, live_server, coach)
    page.goto(f"{live_server.url}/deelnemers/{mother.pk}/toestemmingen/nieuw/")
    assert_accessible(page)
    page.select_option("select[name=organisation]", str(bank.pk))
    page.check("input[name=scopes][value=finances]")
    page.check("input[name=method][value=verbal]")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    consent = Consent.objects.get()
    assert consent.scopes == ["finances"] and consent.witness == coach
    assert "Kredietbank Limburg" in page.content()
    assert_accessible(page)

    context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url)
    bank_page = context.new_page()
    try:
        login(bank_page, live_server, partner)
        bank_page.goto(f"{live_server.url}/deelnemers/")
        assert_accessible(bank_page)
        bank_page.get_by_role("link", name="Samira", exact=False).first.click()
        bank_page.wait_for_load_state()
        body = bank_page.content()
        assert "Schulden op een rij" in body
        assert "Geheim welzijnsdoel" not in body and "0611122233" not in body
        assert_accessible(bank_page)

        page.goto(f"{live_server.url}/deelnemers/{mother.pk}/toestemmingen/{consent.pk}/intrekken/")
        assert_accessible(page)
        page.check("input[name=confirm]")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()

        response = bank_page.goto(f"{live_server.url}/deelnemers/{mother.pk}/")
        assert response.status == 404
        assert "Schulden op een rij" not in bank_page.content()
    finally:
        context.close()
