"""The rights pages of her portal: who may see what (withdraw a consent), who looked in her
file, her data, how it goes, her contact moments. Each only for her own case, each read in the
access log with her as the actor, each in an exact number of queries that does not grow."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from droomplan.access.models import Consent
from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.attention.models import Notification
from droomplan.audit.models import AccessLogEntry, Action, Outcome
from droomplan.audit.services import record
from droomplan.cases import services as case_services
from droomplan.cases.models import ContactKind
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.instruments.tests.factories import MeasurementFactory
from droomplan.jobs.models import Job
from droomplan.jobs.testing import follow_job
from droomplan.lifedomains.tests.factories import DebtFactory

pytestmark = pytest.mark.django_db

PAGES = ["results", "contacts", "consents", "access_log", "my_data"]


def _url(name, *args):
    return reverse(f"portal:{name}", args=args)


def _reads(mother, object_type):
    return AccessLogEntry.objects.filter(
        participant=mother, user=mother.user, object_type=object_type, action=Action.VIEW
    )


@pytest.mark.parametrize("name", PAGES)
def test_each_page_opens_for_her_and_logs_her_read(mother_client, mother, name):
    before = AccessLogEntry.objects.filter(user=mother.user, participant=mother).count()
    response = mother_client.get(_url(name))
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(user=mother.user, participant=mother).count() == before + 1


@pytest.mark.parametrize("name", PAGES)
def test_staff_and_mothers_without_a_case_are_refused(client, coach, name):
    for user in (coach, UserFactory(role=Role.PARTICIPANT)):
        client.force_login(user)
        assert client.get(_url(name)).status_code == 403
    assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count() == 2


def test_the_menu_shows_the_rights_pages(mother_client):
    page = mother_client.get(reverse("portal:home")).content.decode()
    for name in PAGES:
        assert _url(name) in page


# --- Wie mag wat zien ------------------------------------------------------------------------


def test_her_consents_in_plain_words(mother_client, mother):
    ConsentFactory(
        participant=mother, organisation__name="Kredietbank Noord", scopes=["finances"],
        expires_on=datetime.date(2099, 3, 1),
    )  # fmt: skip
    ConsentFactory(participant=mother, organisation__name="Oud GGZ", withdrawn=True)
    ConsentFactory(participant=ParticipantFactory(), organisation__name="Andere moeder bank")
    page = mother_client.get(_url("consents")).content.decode()
    assert "Kredietbank Noord" in page and "geld en schulden" in page
    assert "1 maart 2099" in page
    assert "finances" not in page
    assert "Oud GGZ" in page and "ingetrokken" in page
    assert "Andere moeder bank" not in page


def test_withdraw_with_a_confirm_step(mother_client, mother, coach):
    consent = ConsentFactory(participant=mother, organisation__name="Kredietbank Noord")
    url = _url("consent_withdraw", consent.pk)
    confirm = mother_client.get(url)
    assert confirm.status_code == 200
    assert "Ja, trek het in" in confirm.content.decode()
    Consent.objects.get(pk=consent.pk).withdrawn_on is None  # noqa: B015 (only looked)
    response = mother_client.post(url, {"reason": "Ik wil dit niet meer"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert consent.withdrawn_by == mother.user
    assert consent.withdrawal_reason == "Ik wil dit niet meer"
    entry = AccessLogEntry.objects.get(object_type="consent", action=Action.UPDATE)
    assert (entry.user, entry.participant, entry.detail) == (mother.user, mother, "withdrawn")
    told = Notification.objects.get(kind="consent_withdrawn")
    assert told.recipient == coach
    # again: already withdrawn, a clear message and no second withdrawal
    again = mother_client.post(url, {}, follow=True)
    assert "al ingetrokken" in again.content.decode()
    assert AccessLogEntry.objects.filter(object_type="consent", action=Action.UPDATE).count() == 1


def test_she_cannot_withdraw_another_mothers_consent(mother_client, mother):
    other = ConsentFactory(participant=ParticipantFactory())
    for method in ("get", "post"):
        response = getattr(mother_client, method)(_url("consent_withdraw", other.pk))
        assert response.status_code == 404
    assert mother_client.get(_url("consent_withdraw", "abc")).status_code == 404
    other.refresh_from_db()
    assert other.withdrawn_on is None
    assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED, user=mother.user).count() == 3


def test_consents_page_queries_do_not_grow(mother_client, mother, django_assert_num_queries):
    mother_client.get(_url("consents"))
    for n in (1, 6):
        for _ in range(n):
            ConsentFactory(participant=mother)
        with django_assert_num_queries(QUERIES["consents"]):
            assert mother_client.get(_url("consents")).status_code == 200


# --- Wie keek in mijn dossier ----------------------------------------------------------------


def test_who_looked_leaves_out_her_own_looking(mother_client, mother, coach):
    record(request=None, user=coach, action=Action.VIEW, object_type="debt", participant=mother)
    mother_client.get(_url("consents"))  # her own look
    page = mother_client.get(_url("access_log")).content.decode()
    assert str(coach) in page
    assert "je schulden" in page
    assert "debt" not in page
    assert page.count(str(mother.user)) == 0


def test_access_log_page_queries_do_not_grow(
    mother_client, mother, coach, django_assert_num_queries
):
    mother_client.get(_url("access_log"))
    for days in (2, 12):
        for n in range(days):
            at = timezone.now() - datetime.timedelta(days=n)
            for object_type in ("case", "goal", "debt"):
                AccessLogEntry.objects.create(
                    user=coach, username=coach.username, user_display=str(coach),
                    participant=mother, object_type=object_type, action=Action.VIEW,
                    outcome=Outcome.ALLOWED, at=at,
                )  # fmt: skip
        with django_assert_num_queries(QUERIES["access_log"]):
            assert mother_client.get(_url("access_log")).status_code == 200


# --- Mijn gegevens ---------------------------------------------------------------------------


def test_her_data_as_json_and_pdf(mother_client, mother):
    """Made by a background job: her portal page for it shows the progress, then the link."""
    queued = mother_client.post(_url("my_data"), {"format": "json"})
    job = Job.objects.get(owner=mother.user)
    assert queued["Location"] == reverse("portal:my_data_job", args=[job.pk])
    page = mother_client.get(queued["Location"])
    assert page.status_code == 200 and "job-status" in page.content.decode()
    response = follow_job(mother_client, queued)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["case_number"] == mother.ref
    pdf = follow_job(mother_client, mother_client.post(_url("my_data"), {"format": "pdf"}))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    exports = AccessLogEntry.objects.filter(
        participant=mother, user=mother.user, action=Action.EXPORT, object_type="inzage"
    )
    assert exports.count() == 2
    assert mother_client.get(page.wsgi_request.path).status_code == 200  # her job page


def test_her_download_job_is_hers_only(mother_client, mother, client, coach):
    queued = mother_client.post(_url("my_data"), {"format": "json"})
    client.force_login(coach)
    assert client.get(queued["Location"]).status_code in {403, 404}
    other = Job.objects.get(owner=mother.user)
    assert client.get(reverse("jobs:download", args=[other.pk])).status_code == 404


# --- Zo gaat het -----------------------------------------------------------------------------


def test_results_in_plain_words(mother_client, mother):
    MeasurementFactory(participant=mother, instrument="pss-10", value=3,
                       taken_on=datetime.date(2025, 2, 1))  # fmt: skip
    MeasurementFactory(participant=mother, instrument="pss-10", value=1,
                       taken_on=datetime.date(2025, 8, 1))  # fmt: skip
    MeasurementFactory(participant=mother, instrument="participatieladder", value=3)
    DebtFactory(participant=mother)
    DebtFactory(participant=mother)
    DebtFactory(participant=mother, settled_on=datetime.date(2025, 6, 1))
    page = mother_client.get(_url("results")).content.decode()
    assert "Je stress is gedaald sinds de start." in page
    assert "Nog 2 schulden open, 1 geregeld." in page
    assert "je staat hier" in page
    assert "pss-10" not in page and "PSS" not in page
    assert "850" not in page  # no amounts, no creditors
    assert "<script" not in page.split("</header>", 1)[1]


def test_results_page_queries_do_not_grow(mother_client, mother, django_assert_num_queries):
    mother_client.get(_url("results"))
    for day in (datetime.date(2025, 2, 1), datetime.date(2025, 8, 1)):
        for code in ("pss-10", "brug", "participatieladder"):
            MeasurementFactory(participant=mother, instrument=code, value=2, taken_on=day)
        DebtFactory(participant=mother)
        with django_assert_num_queries(QUERIES["results"]):
            assert mother_client.get(_url("results")).status_code == 200


# --- Contactmomenten -------------------------------------------------------------------------


def _contact(coach, mother, note, **extra):
    return case_services.log_contact(
        actor=coach, participant=mother, date=timezone.localdate(), kind=ContactKind.PHONE,
        duration_minutes=10, note=note, **extra,
    )  # fmt: skip


def test_contact_text_only_when_the_author_allows_it(mother_client, mother, coach):
    _contact(coach, mother, "We bespraken je huur.")
    _contact(coach, mother, "Zorgen over veiligheid thuis.", professionals_only=True,
             professionals_only_reason="Veiligheid")  # fmt: skip
    _contact(coach, ParticipantFactory(), "Notitie over een andere moeder")
    page = mother_client.get(_url("contacts")).content.decode()
    assert "We bespraken je huur." in page
    assert "Zorgen over veiligheid" not in page and "Veiligheid" not in page
    assert "alleen voor de professionals" in page
    assert "andere moeder" not in page
    assert page.count("Telefoongesprek") == 2
    assert str(coach) in page


def test_contacts_page_queries_do_not_grow(mother_client, mother, coach, django_assert_num_queries):
    mother_client.get(_url("contacts"))
    for n in (1, 6):
        for i in range(n):
            _contact(UserFactory(role=Role.COACH), mother, f"Notitie {i}")
        with django_assert_num_queries(QUERIES["contacts"]):
            assert mother_client.get(_url("contacts")).status_code == 200


# The session's first request saves it (accounts.middleware); these count the requests after.
QUERIES = {"consents": 8, "access_log": 10, "results": 11, "contacts": 9}
