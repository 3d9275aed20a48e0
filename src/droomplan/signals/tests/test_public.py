"""The public form: no login, honeypot, rate limit, size limits, hostile input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from droomplan.signals import ratelimit
from droomplan.signals.models import Signal, SubmissionAttempt

URL = "/melden/GM0935/"

GOOD = {
    "signaller_role": "neighbour",
    "concern": "Mijn buurvrouw is alleen met twee kleine kinderen en lijkt het niet te redden.",
    "mother_name": "",
    "mother_contact": "Akerstraat 12",
    "mother_knows": "no",
    "signaller_name": "",
    "signaller_phone": "",
    "signaller_email": "buur@example.org",
    "website": "",
}


@pytest.fixture
def ready(programme, contact):
    return programme


def test_the_urls():
    assert reverse("signals_public:choose") == "/melden/"
    assert reverse("signals_public:form", args=["GM0935"]) == URL


def test_choose_lists_the_programme_municipalities(client, ready):
    response = client.get("/melden/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="/melden/GM0935/"' in body and "Vaals" in body
    assert "Meerssen" not in body  # not in this programme
    assert "112" in body and "0800-2000" in body


def test_the_form_needs_no_login_and_explains_the_data(client, ready):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Maastricht" in body
    assert 'name="website"' in body and 'tabindex="-1"' in body
    assert "6 maanden" in body  # the retention period, from the programme


def test_lower_case_code_works_and_unknown_code_is_a_friendly_404(client, ready):
    assert client.get("/melden/gm0935/").status_code == 200
    response = client.get("/melden/GM9999/")
    assert response.status_code == 404
    assert 'href="/melden/GM0935/"' in response.content.decode()
    assert client.get("/melden/GM0938/").status_code == 404  # Meerssen: not in the programme
    assert client.get("/melden/%3Cscript%3E/").status_code == 404


def test_a_neighbour_passes_on_a_signal(client, ready, contact):
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/melden/GM0935/bedankt/"
    signal = Signal.objects.get()
    assert signal.assigned_to == contact
    assert signal.signaller_role == "neighbour" and signal.channel == "web"
    thanks = client.get(response["Location"]).content.decode()
    assert "Maastricht" in thanks and "5 werkdagen" in thanks
    assert "Akerstraat" not in thanks and "buur@example.org" not in thanks


def test_two_factor_enforcement_does_not_block_the_public(client, ready, settings):
    """With 2FA required for staff, anonymous visitors still reach the form and can send it
    (TwoFactorMiddleware only acts on logged-in users; no exempt path is needed)."""
    settings.DROOMPLAN_REQUIRE_2FA = True
    assert client.get("/melden/").status_code == 200
    assert client.get(URL).status_code == 200
    assert client.post(URL, GOOD).status_code == 302
    assert client.get("/melden/GM0935/bedankt/").status_code == 200
    assert Signal.objects.count() == 1


def test_missing_fields_are_explained_and_kept(client, ready):
    response = client.post(URL, {**GOOD, "concern": "", "signaller_role": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Akerstraat 12" in body  # what was typed is kept
    assert 'aria-invalid="true"' in body
    assert Signal.objects.count() == 0


def test_honeypot_pretends_success_and_keeps_nothing(client, ready):
    response = client.post(URL, {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302
    assert Signal.objects.count() == 0


def test_rate_limit_gives_a_friendly_429(client, ready, settings):
    settings.SIGNALS_RATE_LIMIT = 3
    for _ in range(3):
        assert client.post(URL, GOOD).status_code == 302
    response = client.post(URL, GOOD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    body = response.content.decode()
    assert "112" in body and "0800-2000" in body
    assert "Probeer het opnieuw na" in body
    assert Signal.objects.count() == 3
    # Another address is not affected.
    assert client.post(URL, GOOD, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_behind_a_proxy_the_rate_limit_counts_per_real_client(client, ready, settings):
    """One sender who hits the limit does not block the form for the whole city (issue 13,
    item 6): behind nginx every request comes from 127.0.0.1; the client is in the header."""
    settings.SIGNALS_RATE_LIMIT = 2
    settings.DROOMPLAN_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for n in range(2):
        # a forged address in front changes nothing: nginx appends the real one
        forged = {"HTTP_X_FORWARDED_FOR": f"10.0.0.{n}, 203.0.113.66", **proxy}
        assert client.post(URL, GOOD, **forged).status_code == 302
    blocked = {"HTTP_X_FORWARDED_FOR": "10.0.0.9, 203.0.113.66", **proxy}
    assert client.post(URL, GOOD, **blocked).status_code == 429
    neighbour = {"HTTP_X_FORWARDED_FOR": "198.51.100.7", **proxy}
    assert client.post(URL, GOOD, **neighbour).status_code == 302
    assert Signal.objects.count() == 3


def test_rate_limit_stores_no_ip_address_and_forgets_old_posts(client, ready, settings):
    settings.SIGNALS_RATE_LIMIT = 1
    client.post(URL, GOOD)
    attempt = SubmissionAttempt.objects.get()
    assert "127.0.0.1" not in attempt.ip_hash and len(attempt.ip_hash) >= 40
    SubmissionAttempt.objects.update(at=timezone.now() - datetime.timedelta(hours=2))
    assert client.post(URL, GOOD).status_code == 302
    assert SubmissionAttempt.objects.count() == 1  # the old one is gone


def test_rate_limit_tells_when_to_try_again(rf, db, settings):
    settings.SIGNALS_RATE_LIMIT = 1
    request = rf.post(URL)
    now = timezone.now()
    assert ratelimit.check_and_count(request, now=now).allowed
    verdict = ratelimit.check_and_count(request, now=now + datetime.timedelta(minutes=10))
    assert not verdict.allowed
    assert verdict.retry_at == now + ratelimit.window()


def test_a_too_large_request_is_refused(client, ready, settings):
    settings.SIGNALS_MAX_BODY_BYTES = 2000
    response = client.post(URL, {**GOOD, "concern": "x" * 3000})
    assert response.status_code == 413
    assert Signal.objects.count() == 0


def test_field_size_limits(client, ready):
    response = client.post(
        URL,
        {**GOOD, "concern": "a" * 4001, "mother_contact": "b" * 501, "signaller_name": "c" * 201},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("utrecht-form-field-error-message") == 3
    assert Signal.objects.count() == 0


def test_bad_email_and_phone(client, ready):
    response = client.post(
        URL, {**GOOD, "signaller_email": "not-an-address", "signaller_phone": "call me"}
    )
    assert response.status_code == 200
    assert Signal.objects.count() == 0


def test_hostile_input_is_stored_safely_and_shown_escaped(client, ready, lead):
    hostile = (
        "<script>alert('x')</script>\x07 Ze zei: \u202eevil\u202c "
        '"><img src=x onerror=alert(1)> Zoë\ufeff e\u0301'
    )
    # A NUL character is refused before the form (core.hardening, issue 13 item 12).
    with_nul = client.post(URL, {**GOOD, "concern": hostile + "\x00"})
    assert with_nul.status_code == 400
    assert not Signal.objects.exists()
    response = client.post(URL, {**GOOD, "concern": hostile, "mother_name": "<b>Bold</b>"})
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert "\x07" not in signal.concern
    assert "\u202e" not in signal.concern and "\ufeff" not in signal.concern
    assert "é" in signal.concern  # normalised to NFC
    assert "<script>" in signal.concern  # kept as text...
    client.force_login(lead)
    body = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;" in body  # ...shown escaped
    assert "<img src=x" not in body and "<b>Bold</b>" not in body


def test_odd_encodings_do_not_break_the_form(client, ready):
    body = b"signaller_role=neighbour&mother_knows=no&concern=%FF%FE%C3%28+caf%C3%A9+%F0%9F%98%80"
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert "café" in Signal.objects.get().concern


def test_only_get_and_post(client, ready):
    assert client.put(URL).status_code == 405


def test_size_limit_with_the_real_csrf_check(ready):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.get(URL)
    token = client.cookies["csrftoken"].value
    response = client.post(URL, {**GOOD, "csrfmiddlewaretoken": token, "concern": "x" * 100_000})
    assert response.status_code == 413
    assert "Uw melding is te lang" in response.content.decode()
    ok = client.post(URL, {**GOOD, "csrfmiddlewaretoken": token})
    assert ok.status_code == 302
