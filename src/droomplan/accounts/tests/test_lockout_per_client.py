"""Behind a reverse proxy the login lockout counts per real client (issue 13, item 6): an
attacker who locks a coach's account from her address does not lock the coach out."""

import pytest

from droomplan.accounts.tests.factories import TEST_PASSWORD, UserFactory
from droomplan.accounts.tests.otp import LOGIN

PROXY = "127.0.0.1"  # every request reaches Droomplan from nginx
ATTACKER = "203.0.113.66"
COACH = "198.51.100.7"


def login(client, username, client_address, password=TEST_PASSWORD):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


@pytest.mark.django_db
def test_an_attacker_locks_only_herself_out(client, settings):
    settings.DROOMPLAN_PROXY_COUNT = 1
    coach = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, coach.username, ATTACKER, "wrong-password")
    assert login(client, coach.username, ATTACKER).status_code == 429
    # the coach, from her own address behind the same proxy, still logs in
    assert login(client, coach.username, COACH).status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_forged_header_does_not_escape_the_lockout(client, settings):
    settings.DROOMPLAN_PROXY_COUNT = 1
    coach = UserFactory()
    for n in range(settings.AXES_FAILURE_LIMIT):
        # the attacker writes a new address in front each time; nginx appends the real one
        login(client, coach.username, f"10.9.9.{n}, {ATTACKER}", "wrong-password")
    assert login(client, coach.username, f"10.9.8.1, {ATTACKER}").status_code == 429


@pytest.mark.django_db
def test_without_the_proxy_setting_everyone_behind_the_proxy_shares_one_lock(client, settings):
    """What the review found: with the proxy's address for everyone, one attacker locks the
    coach out everywhere. The setting is what prevents it."""
    settings.DROOMPLAN_PROXY_COUNT = 0
    coach = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, coach.username, ATTACKER, "wrong-password")
    assert login(client, coach.username, COACH).status_code == 429
