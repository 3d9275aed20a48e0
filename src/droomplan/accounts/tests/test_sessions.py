"""An absolute session lifetime besides the idle timeout (issue 13, item 13)."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from droomplan.accounts.middleware import LOGIN_AT_SESSION_KEY, TOUCHED_AT_SESSION_KEY
from droomplan.accounts.models import Role, SecurityEvent, SecurityEventKind
from droomplan.accounts.tests.factories import TEST_PASSWORD, UserFactory
from droomplan.accounts.tests.otp import LOGIN


def logged_in_since(client, seconds_ago: float) -> None:
    session = client.session
    session[LOGIN_AT_SESSION_KEY] = time.time() - seconds_ago
    session.save()


@pytest.mark.django_db
def test_default_lifetime_is_twelve_hours(settings):
    assert settings.DROOMPLAN_SESSION_ABSOLUTE_AGE == 12 * 60 * 60


@pytest.mark.django_db
def test_a_busy_session_still_ends_after_its_absolute_lifetime(client, settings):
    user = UserFactory(role=Role.COACH)
    client.post(LOGIN, {"username": user.username, "password": TEST_PASSWORD})
    assert LOGIN_AT_SESSION_KEY in client.session
    lifetime = settings.DROOMPLAN_SESSION_ABSOLUTE_AGE

    logged_in_since(client, lifetime - 60)
    assert client.get("/").status_code == 200  # active all day: the idle timer never ran out

    logged_in_since(client, lifetime + 1)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "12 uur" in page.content.decode()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.SESSION_EXPIRED)
    assert event.subject == user


@pytest.mark.django_db
def test_the_lifetime_is_a_setting(client, settings):
    settings.DROOMPLAN_SESSION_ABSOLUTE_AGE = 60
    client.force_login(UserFactory(role=Role.COACH))
    logged_in_since(client, 61)
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_a_session_from_before_the_lifetime_existed_starts_counting_now(client):
    client.force_login(UserFactory(role=Role.COACH))
    session = client.session
    del session[LOGIN_AT_SESSION_KEY]
    session.save()
    assert client.get("/").status_code == 200
    assert time.time() - client.session[LOGIN_AT_SESSION_KEY] < 60


@pytest.mark.django_db
def test_a_broken_start_time_ends_the_session(client):
    client.force_login(UserFactory(role=Role.COACH))
    session = client.session
    session[LOGIN_AT_SESSION_KEY] = "not a number"
    session.save()
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_a_new_password_ends_her_other_sessions(client):
    from django.test import Client
    from django.urls import reverse

    user = UserFactory(role=Role.COACH)
    other_browser = Client()
    other_browser.force_login(user)
    client.force_login(user)
    new = "Zomer-in-Vaals-2025"
    client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert client.get("/").status_code == 200  # this session goes on
    assert other_browser.get("/").status_code == 302  # the other one ended


@pytest.mark.django_db
def test_an_expired_session_answers_a_background_request_without_a_redirect(client, settings):
    user = UserFactory(role=Role.COACH)
    client.post(LOGIN, {"username": user.username, "password": TEST_PASSWORD})
    logged_in_since(client, settings.DROOMPLAN_SESSION_ABSOLUTE_AGE + 1)

    response = client.get("/meldingen/aantal/", HTTP_HX_REQUEST="true")
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session


def session_writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().startswith(("UPDATE", "INSERT"))]


@pytest.mark.django_db
def test_a_second_request_within_a_minute_writes_no_session(client):
    """The idle clock is renewed at most once a minute: not three queries and a write on
    every page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(UserFactory(role=Role.COACH))
    with CaptureQueriesContext(connection) as first:
        assert client.get("/").status_code == 200
    assert any("django_session" in sql for sql in session_writes(first))
    touched = client.session[TOUCHED_AT_SESSION_KEY]
    assert time.time() - touched < 5
    with CaptureQueriesContext(connection) as second:
        assert client.get("/").status_code == 200
    assert not any("django_session" in sql for sql in session_writes(second))
    assert client.session[TOUCHED_AT_SESSION_KEY] == touched


@pytest.mark.django_db
def test_a_request_a_minute_later_renews_the_idle_timeout(client):
    from django.contrib.sessions.models import Session

    client.force_login(UserFactory(role=Role.COACH))
    client.get("/")
    key = client.session.session_key
    session = client.session
    session[TOUCHED_AT_SESSION_KEY] = time.time() - 61
    session.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get("/").status_code == 200
    renewed = Session.objects.get(pk=key).expire_date - timezone.now()
    assert timedelta(minutes=29) < renewed <= timedelta(minutes=30)
    assert time.time() - client.session[TOUCHED_AT_SESSION_KEY] < 5


@pytest.mark.django_db
def test_the_idle_timeout_still_logs_out(client):
    """A session not renewed within the minute still ends at its expiry."""
    from django.contrib.sessions.models import Session

    client.force_login(UserFactory(role=Role.COACH))
    client.get("/")
    key = client.session.session_key
    client.get("/")  # within the minute: not saved, so the expiry stays
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.django_db
@pytest.mark.parametrize("touched", [None, "broken", -1e12, 1e12])
def test_a_missing_or_odd_touch_time_renews_the_session(client, touched):
    client.force_login(UserFactory(role=Role.COACH))
    session = client.session
    if touched is None:
        session.pop(TOUCHED_AT_SESSION_KEY, None)
    else:
        session[TOUCHED_AT_SESSION_KEY] = touched
    session.save()
    client.get("/")
    assert time.time() - client.session[TOUCHED_AT_SESSION_KEY] < 5


@pytest.mark.django_db
def test_a_visitor_gets_no_session(client):
    from django.contrib.sessions.models import Session

    client.get(LOGIN)
    client.cookies["sessionid"] = "no-such-session-key-0123456789"
    client.get(LOGIN)
    assert not Session.objects.exists()
