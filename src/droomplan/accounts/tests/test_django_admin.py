"""Django's admin site (issue 13, item 1): absent unless switched on, behind two-step login,
no authenticator secrets, no bulk deletion of login attempts."""

import importlib

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.test import RequestFactory
from django.urls import clear_url_caches
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from droomplan.accounts.models import SecurityEvent, SecurityEventKind
from droomplan.accounts.tests.factories import TEST_PASSWORD, UserFactory
from droomplan.accounts.tests.otp import LOGIN, confirmed_device, totp_now

ADMIN = "/django-admin/"


def reload_urls() -> None:
    import droomplan.urls

    importlib.reload(droomplan.urls)
    clear_url_caches()


@pytest.fixture
def django_admin_on(settings):
    settings.DROOMPLAN_DJANGO_ADMIN = True
    reload_urls()
    yield
    settings.DROOMPLAN_DJANGO_ADMIN = False
    reload_urls()


@pytest.fixture
def superuser(db):
    # What `droomplan createsuperuser` makes: no membership, no authenticator.
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.mark.django_db
def test_django_admin_does_not_exist_by_default(client, superuser, settings):
    assert settings.DROOMPLAN_DJANGO_ADMIN is False
    client.force_login(superuser)
    assert client.get(ADMIN).status_code == 404
    assert client.get(ADMIN + "login/").status_code == 404


@pytest.mark.django_db
def test_superuser_needs_two_step_login_before_the_admin(client, superuser, django_admin_on):
    client.post(LOGIN, {"username": "root", "password": TEST_PASSWORD})
    response = client.get(ADMIN, follow=True)
    # No admin login form to get past: she is sent to set up her authenticator first.
    assert response.redirect_chain[-1][0].startswith("/account/tweestaps/instellen/")
    assert response.request["PATH_INFO"] != ADMIN

    device = confirmed_device(superuser)
    refused = client.get(ADMIN)
    assert refused.status_code == 302
    assert refused["Location"].startswith("/account/tweestaps/code/")
    client.post("/account/tweestaps/code/", {"token": totp_now(device), "next": ADMIN})
    assert client.get(ADMIN).status_code == 200


@pytest.mark.django_db
def test_admin_login_page_sends_to_the_one_login(client, django_admin_on):
    response = client.get(ADMIN)
    assert response.status_code == 302
    login = client.get(response["Location"], follow=False)
    assert login.status_code == 302
    assert login["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_no_authenticator_secrets_in_the_admin(settings):
    for model in (TOTPDevice, StaticDevice, StaticToken):
        assert model not in admin.site._registry
    assert settings.OTP_ADMIN_HIDE_SENSITIVE_DATA is True


@pytest.mark.django_db
def test_security_log_is_not_in_the_admin():
    assert SecurityEvent not in admin.site._registry


@pytest.mark.django_db
@pytest.mark.parametrize("model", [AccessAttempt, AccessLog, AccessFailureLog])
def test_login_attempts_cannot_be_bulk_deleted_or_changed(superuser, model):
    request = RequestFactory().get(ADMIN)
    request.user = superuser
    model_admin = admin.site._registry[model]
    assert "delete_selected" not in model_admin.get_actions(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    if model is not AccessAttempt:  # lifting one lock-out is the only deletion
        assert not model_admin.has_delete_permission(request)


@pytest.mark.django_db
def test_lifting_a_lockout_in_the_admin_is_logged(client, superuser, django_admin_on):
    from django_otp import DEVICE_ID_SESSION_KEY

    attempt = AccessAttempt.objects.create(
        username="coach1", ip_address="10.0.0.1", failures_since_start=5, user_agent="x"
    )
    device = confirmed_device(superuser)
    client.force_login(superuser)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    url = f"{ADMIN}axes/accessattempt/{attempt.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOCKOUT_LIFTED)
    assert event.actor == superuser
    assert event.subject_username == "coach1"
