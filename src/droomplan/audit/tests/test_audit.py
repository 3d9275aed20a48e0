import pytest
from django.test import RequestFactory

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.audit.models import AccessLogEntry, Action, Outcome
from droomplan.audit.services import record, record_many
from droomplan.cases.tests.factories import ParticipantFactory


@pytest.fixture
def entry(db):
    user = UserFactory(role=Role.COACH)
    return record(
        request=None,
        user=user,
        action=Action.VIEW,
        object_type="case",
        participant=ParticipantFactory(),
    )


def test_entry_records_who_with_organisation_and_role(db):
    org = OrganisationFactory(name="Trajekt")
    user = UserFactory(role=Role.COACH, role__organisation=org, username="sanne")
    mother = ParticipantFactory()
    request = RequestFactory().get("/deelnemers/1/")
    request.user = user
    request.request_id = "abc123def456"
    e = record(
        request=request,
        action=Action.VIEW,
        object_type="case",
        participant=mother,
        object_id=mother.pk,
    )
    assert (e.username, e.organisation, e.role) == ("sanne", "Trajekt", "coach")
    assert e.request_id == "abc123def456"
    assert e.path == "/deelnemers/1/"
    assert e.outcome == Outcome.ALLOWED
    assert e.at.tzinfo is not None


def test_entries_cannot_be_changed(entry):
    entry.detail = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(detail="x")


def test_entries_cannot_be_deleted(entry):
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_record_many_writes_one_entry_per_participant(db, django_assert_num_queries):
    user = UserFactory(role=Role.PROGRAMME_LEAD)
    mothers = ParticipantFactory.create_batch(5)
    request = RequestFactory().get("/deelnemers/")
    request.user = user
    request.request_id = "r1234567"
    # memberships of the user, who is already listed today, under the chain head's lock the
    # same again, one insert
    with django_assert_num_queries(5):
        assert (
            record_many(
                request=request, action=Action.LIST, object_type="case", participants=mothers
            )
            == 5
        )
    assert AccessLogEntry.objects.filter(action=Action.LIST).count() == 5


def test_request_id_header_round_trip(client, db):
    response = client.get("/health/", HTTP_X_REQUEST_ID="trace-0001-abcd")
    assert response["X-Request-ID"] == "trace-0001-abcd"
    bogus = client.get("/health/", HTTP_X_REQUEST_ID="<script>")
    assert bogus["X-Request-ID"] != "<script>" and len(bogus["X-Request-ID"]) == 32


def test_the_log_is_not_editable_in_django_admin(admin_client, entry):
    from django.contrib import admin

    assert AccessLogEntry not in admin.site._registry
