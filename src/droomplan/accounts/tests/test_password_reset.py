"""Self-service password reset by e-mail (issue 13, item 13): it reveals nothing about
whether an account exists, is throttled and leaves a trace in the security log."""

import re
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from droomplan.accounts.models import Role, SecurityEvent, SecurityEventKind
from droomplan.accounts.tests.factories import UserFactory
from droomplan.accounts.tests.otp import LOGIN, confirmed_device

FORGOT = "/account/wachtwoord-vergeten/"
SENT = "/account/wachtwoord-vergeten/verstuurd/"
NEW_PASSWORD = "Zomer-in-Vaals-2025"


class SlowEmailBackend(EmailBackend):
    """Like a real mail server: handing over a message takes a while."""

    def send_messages(self, messages):
        time.sleep(1.0)
        return super().send_messages(messages)


class BrokenEmailBackend(EmailBackend):
    def send_messages(self, messages):
        raise OSError("mail server down")


@pytest.fixture(autouse=True)
def _no_waiting(settings):
    settings.DROOMPLAN_PASSWORD_RESET_MIN_SECONDS = 0


@pytest.fixture
def coach(db):
    return UserFactory(role=Role.COACH, username="coach1", email="coach1@example.org")


def ask(client, email, address="192.0.2.10"):
    return client.post(FORGOT, {"email": email}, REMOTE_ADDR=address)


def link_in(message) -> str:
    return re.search(r"https?://[^/]+(/account/wachtwoord-herstellen/\S+/)", message.body)[1]


@pytest.mark.django_db
def test_login_page_links_to_the_reset(client):
    content = client.get(LOGIN).content.decode()
    assert FORGOT in content
    assert "Wachtwoord vergeten?" in content


@pytest.mark.django_db
def test_known_and_unknown_addresses_get_the_same_answer(client, coach, mailoutbox):
    known = ask(client, "coach1@example.org")
    unknown = ask(client, "niemand@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == SENT
    page = client.get(SENT).content.decode()
    assert "Als er een account bij dit e-mailadres hoort" in page
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["coach1@example.org"]
    assert mailoutbox[0].subject == "Droomplan: kies een nieuw wachtwoord"
    assert "coach1" in mailoutbox[0].body


@pytest.mark.django_db
def test_known_and_unknown_addresses_take_the_same_time(client, coach, settings):
    settings.EMAIL_BACKEND = "droomplan.accounts.tests.test_password_reset.SlowEmailBackend"
    # Wide margins so a busy machine (parallel workers, CI) cannot make the known address
    # slower than the minimum: without the padding the known one is over 1 s slower.
    settings.DROOMPLAN_PASSWORD_RESET_MIN_SECONDS = 2.5

    def timed(email, address):
        start = time.monotonic()
        ask(client, email, address)
        return time.monotonic() - start

    known = timed("coach1@example.org", "192.0.2.11")
    unknown = timed("niemand@example.org", "192.0.2.12")
    assert known >= 2.5
    assert unknown >= 2.5
    assert abs(known - unknown) < 0.5
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failing_mail_server_reveals_nothing_either(client, coach, settings):
    settings.EMAIL_BACKEND = "droomplan.accounts.tests.test_password_reset.BrokenEmailBackend"
    response = ask(client, "coach1@example.org")
    assert response.status_code == 302
    assert response["Location"] == SENT


@pytest.mark.django_db
def test_reset_link_sets_a_new_password_once_and_is_logged(client, coach, mailoutbox):
    ask(client, "coach1@example.org")
    link = link_in(mailoutbox[0])
    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert "Nieuw wachtwoord" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.check_password(NEW_PASSWORD)
    assert [e.kind for e in SecurityEvent.objects.filter(subject=coach).order_by("id")] == [
        SecurityEventKind.PASSWORD_RESET_REQUESTED,
        SecurityEventKind.PASSWORD_RESET,
    ]
    assert mailoutbox[-1].to == ["coach1@example.org"]  # told that the password changed

    again = client.get(link, follow=True)
    assert "niet meer geldig" in again.content.decode()


@pytest.mark.django_db
def test_a_reset_password_does_not_skip_two_step_login(client, coach, mailoutbox):
    confirmed_device(coach)
    ask(client, "coach1@example.org")
    form = client.get(link_in(mailoutbox[0]), follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    client.post(LOGIN, {"username": "coach1", "password": NEW_PASSWORD})
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweestaps/code/")


@pytest.mark.django_db
def test_requests_are_logged_without_saying_more_than_needed(client, coach):
    ask(client, "coach1@example.org", "192.0.2.20")
    ask(client, "niemand@example.org", "192.0.2.20")
    known, unknown = SecurityEvent.objects.filter(
        kind=SecurityEventKind.PASSWORD_RESET_REQUESTED
    ).order_by("id")
    assert (known.subject, known.ip_address) == (coach, "192.0.2.20")
    assert unknown.subject is None
    assert "niemand@example.org" not in unknown.detail + unknown.subject_username


@pytest.mark.django_db
def test_reset_requests_are_throttled_per_client(client, coach, settings, mailoutbox):
    settings.DROOMPLAN_PASSWORD_RESET_LIMIT = 3
    for n in range(3):
        assert ask(client, f"x{n}@example.org", "192.0.2.30").status_code == 302
    refused = ask(client, "coach1@example.org", "192.0.2.30")
    assert refused.status_code == 429
    assert "Te veel aanvragen" in refused.content.decode()
    assert not mailoutbox
    # Another client is not blocked.
    assert ask(client, "coach1@example.org", "192.0.2.31").status_code == 302
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_one_account_gets_few_mails_however_many_clients_ask(client, coach, mailoutbox):
    for n in range(6):
        assert ask(client, "coach1@example.org", f"192.0.2.{40 + n}").status_code == 302
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_bad_input_gives_a_message_not_an_error(client):
    response = client.post(FORGOT, {"email": "geen-adres"})
    assert response.status_code == 200
    assert response.context["form"].errors
    bad_link = client.get("/account/wachtwoord-herstellen/xx/yy/")
    assert bad_link.status_code == 200
    assert "niet meer geldig" in bad_link.content.decode()
