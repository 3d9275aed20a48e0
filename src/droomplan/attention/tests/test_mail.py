"""E-mail: the signal reaches the municipal contact by a job; a mail server that is down
delays mail and loses nothing; the daily job run twice sends each digest once."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.attention.kinds import Kind
from droomplan.attention.models import Mail, Notification
from droomplan.attention.services import notify
from droomplan.jobs.models import Job, JobStatus
from droomplan.jobs.testing import run_ready_tasks

SIGNAL = {
    "signaller_role": "neighbour",
    "concern": "Mijn buurvrouw Priscilla is alleen met twee kleine kinderen.",
    "mother_name": "Priscilla Zeldzaam",
    "mother_contact": "Akerstraat 12",
    "mother_knows": "no",
    "signaller_name": "",
    "signaller_phone": "",
    "signaller_email": "buur@example.org",
    "website": "",
}


class BrokenMailBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


def _make_due():
    DBTaskResult.objects.update(run_after=timezone.now() - datetime.timedelta(seconds=1))


def test_a_signal_on_the_public_form_reaches_the_municipal_contact(client, contact):
    response = client.post("/melden/GM0935/", SIGNAL)
    assert response.status_code == 302
    assert mail.outbox == []  # the page does not wait for the mail server

    (notification,) = Notification.objects.filter(recipient=contact)
    assert notification.kind == Kind.SIGNAL_RECEIVED
    assert notification.params["municipality"] == "Maastricht"

    assert run_ready_tasks() == 1  # the worker sends the e-mail
    (message,) = mail.outbox
    assert message.to == [contact.email]
    assert "Er staat 1 nieuw ding voor u klaar in Droomplan." in message.body
    for secret in ("Priscilla", "Zeldzaam", "Akerstraat", "buur@example.org", "kinderen"):
        assert secret not in message.body and secret not in message.subject

    client.force_login(contact)
    page = client.get(reverse("attention:list")).content.decode()
    assert "Een nieuw signaal voor Maastricht wacht op eerste contact" in page
    assert "Priscilla" not in page


def test_a_mail_server_that_is_down_breaks_nothing_and_loses_nothing(client, contact, settings):
    settings.EMAIL_BACKEND = "droomplan.attention.tests.test_mail.BrokenMailBackend"
    assert client.post("/melden/GM0935/", SIGNAL).status_code == 302  # the page works
    assert Notification.objects.filter(recipient=contact).count() == 1  # and she is told

    for _ in range(10):  # every try fails, with back-off, until the last one
        _make_due()
        run_ready_tasks()
    job = Job.objects.get(name="attention.send_mail")
    assert job.status == JobStatus.FAILED
    assert job.attempts == job.max_attempts
    assert "SMTP server unreachable" in job.error
    mail_row = Mail.objects.get()
    assert mail_row.sent_at is None  # not lost: still waiting to be sent

    client.force_login(UserFactory(role=Role.ADMIN))
    page = client.get(reverse("jobs:failed")).content.decode()
    assert "Een e-mail versturen" in page and "SMTP server unreachable" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(reverse("jobs:retry", args=[job.pk]))
    run_ready_tasks()
    assert len(mail.outbox) == 1
    mail_row.refresh_from_db()
    assert mail_row.sent_at is not None


def test_an_e_mail_that_was_sent_is_not_sent_again(contact, maastricht):
    from droomplan.attention.services import send_mail

    notify(kind=Kind.SIGNAL_RECEIVED, recipients=[contact], params={"municipality": "Maastricht"})
    run_ready_tasks()
    assert send_mail(mail_id=Mail.objects.get().pk) is False
    assert len(mail.outbox) == 1


@pytest.fixture
def digest_people(mother, coach, other_coach):
    from droomplan.cases.tests.factories import ParticipantFactory

    other_family = ParticipantFactory(programme=mother.programme, coach=other_coach)
    for _ in range(3):
        notify(kind=Kind.HANDOVER, recipients=[coach], participant=mother)
    notify(kind=Kind.HANDOVER, recipients=[other_coach], participant=other_family)
    return coach, other_coach


def test_the_daily_job_run_twice_sends_each_digest_once(digest_people):
    coach, other_coach = digest_people
    call_command("run_periodic", "--date", "2025-03-03", stdout=io.StringIO())
    run_ready_tasks()
    call_command("run_periodic", "--date", "2025-03-03", stdout=io.StringIO())
    run_ready_tasks()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([coach.email, other_coach.email])
    to_coach = next(m for m in mail.outbox if m.to == [coach.email])
    assert "Er staan 3 nieuwe dingen voor u klaar in Droomplan." in to_coach.body
    assert "U krijgt deze e-mail één keer per dag" in to_coach.body


def test_the_digest_is_unique_per_day_even_when_its_job_runs_again(digest_people):
    """Not only the periodic job: the digest itself is unique (person, day) in the database."""
    from droomplan.attention.services import queue_digests

    day = datetime.date(2025, 3, 3)
    assert queue_digests(today=day) == 2
    coach, _other = digest_people
    notify(kind=Kind.HANDOVER, recipients=[coach], participant=None)
    assert queue_digests(today=day) == 0  # the new one waits for tomorrow's digest
    run_ready_tasks()
    assert len(mail.outbox) == 2
    assert queue_digests(today=day + datetime.timedelta(days=1)) == 1


def test_read_notifications_are_not_in_the_digest(digest_people):
    from droomplan.attention.services import mark_all_read, queue_digests

    coach, other_coach = digest_people
    mark_all_read(user=coach)
    assert queue_digests(today=datetime.date(2025, 3, 3)) == 1
    run_ready_tasks()
    assert [m.to for m in mail.outbox] == [[other_coach.email]]
