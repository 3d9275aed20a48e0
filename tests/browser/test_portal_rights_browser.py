"""The mother on her phone (390 px): she withdraws a consent (with a confirm step) and sees
who looked in her file; her results, contact moments and data pages open. Every page is
checked with axe-core."""

import datetime

import pytest

from droomplan.access.models import Consent
from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.cases.tests.factories import ContactFactory, ParticipantFactory
from droomplan.instruments.tests.factories import MeasurementFactory
from droomplan.portal.tests.factories import mother_with_login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_she_withdraws_a_consent_and_sees_who_looked(
    page, live_server, login, assert_accessible, shipped_instruments
):
    page.set_viewport_size(PHONE)
    coach = UserFactory(role=Role.COACH, first_name="Sanne", last_name="Jansen")
    mother = mother_with_login(
        participant=ParticipantFactory(coach=coach, active=True, given_name="Lisa")
    )
    bank = OrganisationFactory(name="Kredietbank Limburg")
    consent = ConsentFactory(participant=mother, organisation=bank)
    record(request=None, user=coach, action=Action.VIEW, object_type="debt", participant=mother)
    ContactFactory(participant=mother, author=coach, note="Samen de post doorgenomen.")
    for day, value in ((datetime.date(2025, 2, 1), 3), (datetime.date(2025, 8, 1), 1)):
        MeasurementFactory(participant=mother, instrument="pss-10", value=value, taken_on=day)

    login(page, live_server, mother.user)
    assert "/mijn/" in page.url
    assert_accessible(page)

    page.get_by_role("link", name="Wie mag wat zien").click()
    page.wait_for_load_state()
    assert "Kredietbank Limburg" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Toestemming voor Kredietbank Limburg intrekken").click()
    page.wait_for_load_state()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, trek het in").click()
    assert "Je toestemming is ingetrokken" in page.content()
    assert_accessible(page)
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None and consent.withdrawn_by == mother.user
    assert Consent.objects.valid_on(datetime.date.today()).count() == 0

    page.goto(f"{live_server.url}/mijn/wie-keek/")
    body = page.content()
    assert "Sanne Jansen" in body and "je schulden" in body
    assert_accessible(page)

    for path, expected in (
        ("/mijn/zo-gaat-het/", "Je stress is gedaald sinds de start."),
        ("/mijn/contactmomenten/", "Samen de post doorgenomen."),
        ("/mijn/mijn-gegevens/", "Download als PDF"),
    ):
        page.goto(f"{live_server.url}{path}")
        assert expected in page.content()
        assert_accessible(page)
        # no sideways scrolling on a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
