"""The programme lead's pages: upload → preview → confirm → result, bad files, roles, export,
query counts."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.audit.models import AccessLogEntry, Outcome
from droomplan.cases.models import Participant
from droomplan.exchange import services
from droomplan.exchange.models import ExchangeUpload, UploadStatus
from droomplan.jobs.models import Job, JobStatus
from droomplan.jobs.testing import run_ready_tasks

from .helpers import EXAMPLE, document, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(client):
    user = UserFactory(role=Role.PROGRAMME_LEAD, username="lead")
    client.force_login(user)
    return user


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def upload(client, content: bytes | str, name="data.json"):
    if isinstance(content, str):
        content = content.encode()
    return client.post(
        reverse("exchange:upload"), {"file": SimpleUploadedFile(name, content)}, follow=True
    )


def test_upload_page(client, lead):
    response = client.get(reverse("exchange:upload"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Importeren en exporteren" in page
    assert 'enctype="multipart/form-data"' in page


def test_valid_file_preview_confirm_result(client, lead):
    response = upload(client, EXAMPLE.read_bytes(), "example.json")
    assert response.status_code == 200
    item = ExchangeUpload.objects.get()
    assert item.status == UploadStatus.PREVIEWED
    assert (services.upload_dir() / item.stored_name).is_file()
    page = response.content.decode()
    assert "VB-1" in page
    assert item.preview["new_count"] == 3
    assert item.preview["counts"]["measurements"] == 10
    assert Participant.objects.count() == 0  # nothing yet
    response = client.post(reverse("exchange:confirm", args=[item.pk]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("exchange:result", args=[item.pk])
    assert Participant.objects.count() == 3
    item.refresh_from_db()
    assert item.status == UploadStatus.IMPORTED
    assert item.result["created"] == 3
    assert item.stored_name == ""
    assert not list(services.upload_dir().iterdir())  # the file is gone
    assert AccessLogEntry.objects.filter(object_type="exchange_import").count() == 1
    assert AccessLogEntry.objects.filter(object_type="case", username="lead").count() == 3
    # confirming twice does not import twice
    client.post(reverse("exchange:confirm", args=[item.pk]))
    assert AccessLogEntry.objects.filter(object_type="exchange_import").count() == 1


def test_confirm_with_htmx_redirects_by_header(client, lead):
    upload(client, EXAMPLE.read_bytes())
    item = ExchangeUpload.objects.get()
    response = client.post(reverse("exchange:confirm", args=[item.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("exchange:result", args=[item.pk])


def test_preview_lists_every_problem_with_its_path(client, lead):
    doc = document(
        participant("A", debts=[{"creditor": "X", "amount": "-3", "registered_on": "2024-9-1"}]),
        participant("A"),
    )
    response = upload(client, json.dumps(doc))
    page = response.content.decode()
    item = ExchangeUpload.objects.get()
    assert item.status == UploadStatus.INVALID
    assert item.stored_name == ""
    for path in (
        "participants[0].debts[0].amount",
        "participants[0].debts[0].registered_on",
        "participants[1].ref",
    ):
        assert path in page
    assert "Nu importeren" not in page
    assert 'hx-post="' not in page


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"not json at all", "notes.txt"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.png"),
        (b"\xff\xfe{\x00", "utf16.json"),
        (b"[1, 2, 3]", "list.json"),
        (b'{"format": "droomplan-exchange", "version": 1', "cut.json"),
    ],
)
def test_bad_files_get_a_clear_message_never_a_500(client, lead, content, name):
    response = upload(client, content, name)
    assert response.status_code == 200
    item = ExchangeUpload.objects.get()
    assert item.status == UploadStatus.INVALID
    assert item.preview["error_count"] == 1
    assert item.preview["errors"][0]["path"] == ""
    assert "Er is niets geïmporteerd" in response.content.decode()


def test_too_big_file(client, lead, settings):
    settings.EXCHANGE_MAX_UPLOAD_BYTES = 10
    response = upload(client, EXAMPLE.read_bytes())
    assert response.status_code == 200
    assert ExchangeUpload.objects.count() == 0
    assert response.context["form"].errors["file"]


def test_no_file_or_an_empty_file(client, lead):
    response = client.post(reverse("exchange:upload"), {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    response = upload(client, b"", "empty.json")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert ExchangeUpload.objects.count() == 0


@pytest.mark.parametrize("role", [r for r in Role if r != Role.PROGRAMME_LEAD])
def test_other_roles_are_refused_and_logged(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    for url in (reverse("exchange:upload"), reverse("exchange:export")):
        assert client.get(url).status_code == 403
    response = client.post(
        reverse("exchange:upload"), {"file": SimpleUploadedFile("a.json", EXAMPLE.read_bytes())}
    )
    assert response.status_code == 403
    assert ExchangeUpload.objects.count() == 0
    denied = AccessLogEntry.objects.filter(
        object_type="exchange", outcome=Outcome.DENIED, username=user.username
    )
    assert denied.count() == 3


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("exchange:upload"))
    assert response.status_code == 302


def test_another_leads_upload_is_not_found(client, lead):
    upload(client, EXAMPLE.read_bytes())
    item = ExchangeUpload.objects.get()
    other = UserFactory(role=Role.PROGRAMME_LEAD)
    client.force_login(other)
    assert client.get(reverse("exchange:preview", args=[item.pk])).status_code == 404
    assert client.post(reverse("exchange:confirm", args=[item.pk])).status_code == 404
    assert Participant.objects.count() == 0


def test_export_is_a_background_job_with_progress_and_a_download(client, lead):
    """The request only queues the export and goes to the job's status page; the job writes
    the document family by family into its result file and logs the same entries as the
    direct download did (one per family and one for the programme), under the lead's name."""
    services.import_file(EXAMPLE)
    response = client.get(reverse("exchange:export"))
    job = Job.objects.get(owner=lead)
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    logged = AccessLogEntry.objects.filter(object_type="exchange_export")
    assert logged.count() == 0  # nothing made yet
    assert run_ready_tasks() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.percent == 100 and job.result_name.endswith(".json")
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert "attachment" in download["Content-Disposition"]
    doc = json.loads(b"".join(download.streaming_content))
    assert [p["ref"] for p in doc["participants"]] == ["VB-1", "VB-2", "VB-3"]
    assert logged.count() == 4
    assert set(logged.values_list("user", flat=True)) == {lead.pk}


def test_export_job_checks_the_right_again_when_it_runs(client, lead):
    services.import_file(EXAMPLE)
    client.get(reverse("exchange:export"))
    lead.is_active = False  # no longer allowed by the time the job runs
    lead.save()
    run_ready_tasks()
    job = Job.objects.get(owner=lead)
    assert job.status != JobStatus.SUCCEEDED and not job.result_file
    assert not AccessLogEntry.objects.filter(object_type="exchange_export").exists()


def test_preview_queries_do_not_grow_with_the_document(client, lead, django_assert_num_queries):
    for n in (1, 40):
        doc = document(*[participant(f"Q-{n}-{i}") for i in range(n)])
        upload(client, json.dumps(doc))
        item = ExchangeUpload.objects.order_by("-uploaded_at").first()
        with django_assert_num_queries(5):
            assert client.get(reverse("exchange:preview", args=[item.pk])).status_code == 200


@pytest.mark.parametrize(("n", "queries"), [(1, 25), (40, 25)])
def test_upload_check_queries_are_bounded(client, lead, n, queries, django_assert_num_queries):
    doc = document(*[participant(f"C-{n}-{i}") for i in range(n)])
    with django_assert_num_queries(queries):
        upload(client, json.dumps(doc))


def test_preview_follows_the_readers_language(client, lead, settings):
    debt = {"creditor": "X", "amount": "-3.00", "registered_on": "2024-09-01"}
    upload(client, json.dumps(document(participant(debts=[debt]))))
    item = ExchangeUpload.objects.get()
    url = reverse("exchange:preview", args=[item.pk])
    page = client.get(url).content.decode()
    assert "<strong>T-1, schuld 1, bedrag</strong>: mag niet negatief zijn" in page
    assert "Controle voor het importeren" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    assert "<strong>T-1, debt 1, amount</strong>: must not be negative" in page
    assert "Check before import" in page
