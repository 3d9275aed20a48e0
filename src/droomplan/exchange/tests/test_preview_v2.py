"""The preview hides nothing: renames (which need a tick), new groups, families that would be
active without a coach, case numbers outside the numbering, problems in words."""

import datetime
import json

import pytest
from django.urls import reverse

from droomplan.accounts.models import Organisation, Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.attention.worklist import programme_lead
from droomplan.exchange.models import ExchangeUpload, UploadStatus
from droomplan.exchange.services import import_file
from droomplan.jobs.models import Job, JobStatus
from droomplan.jobs.testing import run_ready_tasks
from droomplan.programmes.models import Programme

from .helpers import document, participant, write
from .test_views import upload


@pytest.fixture
def lead(client):
    user = UserFactory(role=Role.PROGRAMME_LEAD, username="lead")
    client.force_login(user)
    return user


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


pytestmark = pytest.mark.django_db


def _existing():
    Programme.objects.create(code="test-prog", name="Droommoeders Zuid-Limburg")
    Organisation.objects.update_or_create(
        code="kredietbank", defaults={"name": "Kredietbank Limburg", "kind": "credit_bank"}
    )


def test_preview_lists_renames_and_new_groups_and_import_needs_a_tick(client, lead):
    _existing()
    upload(client, json.dumps(document(participant("VB-1"))))
    item = ExchangeUpload.objects.get()
    page = client.get(reverse("exchange:preview", args=[item.pk])).content.decode()
    assert "Droommoeders Zuid-Limburg → Test programme" in page
    assert "Kredietbank Limburg → Kredietbank" in page
    assert "Groep 1 (groep-1)" in page  # a new group
    assert "VB-1" in page  # outside the numbering, and active without a coach
    response = client.post(reverse("exchange:confirm", args=[item.pk]))
    assert response.status_code == 400
    assert Programme.objects.get(code="test-prog").name == "Droommoeders Zuid-Limburg"
    item.refresh_from_db()
    assert item.status == UploadStatus.PREVIEWED
    client.post(reverse("exchange:confirm", args=[item.pk]), {"renames": "1"})
    assert Programme.objects.get(code="test-prog").name == "Test programme"


def test_problems_name_the_family_and_the_field(client, lead):
    debt = {"creditor": "X", "amount": "veel", "registered_on": "2024-09-01"}
    upload(client, json.dumps(document(participant("DM-0004", debts=[debt, debt]))))
    item = ExchangeUpload.objects.get()
    page = client.get(reverse("exchange:preview", args=[item.pk])).content.decode()
    assert "<strong>DM-0004, schuld 2, bedrag</strong>" in page
    assert "participants[0].debts[1].amount" in page  # small print for the technical reader


def test_an_active_family_without_coach_is_on_the_leads_work_list(client, lead, tmp_path):
    import_file(write(tmp_path, document(participant("DM-0001"))), actor=lead)
    groups = programme_lead(lead, datetime.date.today())
    no_coach = next(g for g in groups if g.key == "no_coach")
    assert "DM-0001" in str(no_coach.items)


def test_a_large_file_is_imported_by_a_background_job_with_progress(client, lead, settings):
    settings.EXCHANGE_BACKGROUND_FROM = 2
    upload(client, json.dumps(document(participant("DM-0001"), participant("DM-0002"))))
    item = ExchangeUpload.objects.get()
    response = client.post(reverse("exchange:confirm", args=[item.pk]))
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    item.refresh_from_db()
    assert item.status == UploadStatus.IMPORTING
    assert client.post(reverse("exchange:confirm", args=[item.pk])).status_code == 302
    assert Job.objects.count() == 1  # confirming twice queues once
    run_ready_tasks()
    job.refresh_from_db()
    item.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert item.status == UploadStatus.IMPORTED
    assert client.get(job.get_absolute_url()).status_code == 200


def test_preview_names_the_details_an_update_changes(client, lead, tmp_path):
    import_file(write(tmp_path, document(participant("DM-0001"), participant("DM-0002"))))
    moved = participant("DM-0002", family_name="Peters", municipality="GM0938")
    upload(client, json.dumps(document(participant("DM-0001"), moved)))
    item = ExchangeUpload.objects.get()
    page = client.get(reverse("exchange:preview", args=[item.pk])).content.decode()
    assert "<strong>DM-0002</strong>: achternaam, gemeente" in page
    assert "1 gezin houdt haar eigen gegevens" in page
