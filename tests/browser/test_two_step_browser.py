"""Two-step login, recovery codes and the security log in a real browser (issue 13)."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import TEST_PASSWORD, UserFactory
from droomplan.accounts.tests.otp import totp_now

from .conftest import login_through_form

pytestmark = pytest.mark.browser


def submit(page):
    with page.expect_navigation():
        page.click("form.dp-form button[type=submit]")


def test_set_up_two_step_login_keep_codes_and_log_in_with_one(
    page, live_server, login, assert_accessible
):
    coach = UserFactory(role=Role.COACH, username="coach.tweestaps")
    login(page, live_server, coach)
    page.goto(f"{live_server.url}/account/tweestaps/instellen/")
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=coach, confirmed=False)
    page.fill("input[name=token]", totp_now(device))
    submit(page)

    assert page.url.endswith("/account/tweestaps/herstelcodes/")
    codes = page.locator(".dp-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)

    page.context.clear_cookies()
    login_through_form(page, live_server.url, "coach.tweestaps", TEST_PASSWORD)
    assert "/account/tweestaps/code/" in page.url
    assert_accessible(page)
    page.fill("input[name=token]", codes[0])
    submit(page)
    assert page.url == f"{live_server.url}/"
    assert "herstelcode" in page.get_by_role("status").first.inner_text()


def test_the_security_log_page(page, live_server, login, assert_accessible):
    admin = UserFactory(role=Role.ADMIN, username="beheerder.log")
    login(page, live_server, admin)
    page.click("nav >> text=Beveiligingslog")
    assert page.locator("h1").inner_text() == "Beveiligingslog"
    assert page.locator("table").get_by_text("Ingelogd").first.is_visible()
    assert_accessible(page)
