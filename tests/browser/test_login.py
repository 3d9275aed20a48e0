import pytest
from django.utils import translation

from droomplan.accounts.forms import LoginForm
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory

from .conftest import LOGIN_PATH

pytestmark = pytest.mark.browser


def submit_login(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}{LOGIN_PATH}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form.dp-form button[type=submit]")


def test_login_page_is_accessible(page, live_server, assert_accessible):
    page.goto(f"{live_server.url}{LOGIN_PATH}")
    assert page.locator("input[name=username]").is_visible()
    assert_accessible(page)


def test_coach_logs_in_and_sees_coach_section(page, live_server, login, assert_accessible):
    coach = UserFactory(role=Role.COACH, first_name="Sanne")
    login(page, live_server, coach)
    assert page.url == f"{live_server.url}/"
    assert page.locator("#section-coach").is_visible()
    assert_accessible(page)


def test_wrong_password_shows_neutral_error_and_keeps_username(page, live_server):
    UserFactory(username="coach.fout", role=Role.COACH)
    with translation.override("nl"):  # Dutch is the default language
        neutral = str(LoginForm.error_messages["invalid_login"])

    submit_login(page, live_server.url, "coach.fout", "not-the-password")
    assert LOGIN_PATH in page.url
    wrong = page.get_by_role("alert").inner_text().strip()
    assert wrong.startswith("Inloggen is niet gelukt.") and wrong.endswith(neutral)
    assert page.evaluate("document.activeElement.id") == "form-errors"  # the summary has focus
    assert page.input_value("input[name=username]") == "coach.fout"
    assert page.input_value("input[name=password]") == ""

    # An unknown username gets exactly the same message: nothing tells whether a user exists.
    submit_login(page, live_server.url, "niemand", "not-the-password")
    assert page.get_by_role("alert").inner_text().strip() == wrong
