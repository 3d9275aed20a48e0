"""A neighbour passes on a signal through the public form (no login), and the municipal
contact of that municipality finds it in her list. axe-core checks every page."""

import pytest

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.programmes.tests.factories import MunicipalityFactory, ProgrammeFactory
from droomplan.signals.models import Signal, SignalRoute

pytestmark = pytest.mark.browser


def test_neighbour_passes_on_a_signal(page, live_server, login, assert_accessible):
    maastricht = MunicipalityFactory(cbs_code="GM0935", name="Maastricht")
    programme = ProgrammeFactory(municipalities=[maastricht])
    contact = UserFactory(
        role=Role.MUNICIPAL_CONTACT,
        role__organisation=OrganisationFactory(code="gemeente-maastricht"),
    )
    SignalRoute.objects.create(programme=programme, municipality=maastricht, contact=contact)

    page.goto(f"{live_server.url}/melden/")
    page.get_by_role("link", name="Maastricht").click()
    page.wait_for_load_state()
    assert page.url.endswith("/melden/GM0935/")
    assert_accessible(page)

    # Sending it empty explains what is missing (and is accessible too).
    with page.expect_navigation():
        page.get_by_role("button", name="Melding versturen").click()
    assert page.get_by_role("alert").first.is_visible()
    assert_accessible(page)

    page.get_by_label("Buurman of buurvrouw").check()
    page.get_by_label("Wat is u opgevallen?").fill(
        "Mijn buurvrouw is alleen met een baby en een peuter en lijkt het niet te redden."
    )
    page.get_by_label("Nee").check()
    page.get_by_label("Uw e-mailadres").fill("buur@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Melding versturen").click()
    assert page.url.endswith("/melden/GM0935/bedankt/")
    assert "Bedankt voor uw melding" in page.content()
    assert_accessible(page)

    signal = Signal.objects.get()
    assert signal.assigned_to == contact and signal.signaller_role == "neighbour"

    login(page, live_server, contact)
    page.goto(f"{live_server.url}/signalen/")
    assert page.get_by_role("link", name=f"Signaal {signal.pk}").is_visible()
    assert_accessible(page)
