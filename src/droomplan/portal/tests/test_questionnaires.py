"""Zelf invullen: a due self-report questionnaire, filled in by her on her phone, stored as
filled in by her; professional-only questionnaires are never offered."""

import datetime

import pytest
from django.urls import reverse

from droomplan.attention.models import Notification
from droomplan.audit.models import AccessLogEntry, Outcome
from droomplan.instruments.models import FilledInBy, Measurement
from droomplan.instruments.selectors import self_reports_due

pytestmark = pytest.mark.django_db

PSS_ANSWERS = {f"item_{k}": "2" for k in range(1, 11)}


@pytest.fixture
def started(mother):
    mother.start_date = datetime.date.today() - datetime.timedelta(days=7)
    mother.save(update_fields=["start_date"])
    return mother


def test_due_self_reports(started):
    codes = {r.instrument.code for r in self_reports_due(started)}
    assert codes == {"pss-10", "positieve-gezondheid"}


def test_nothing_due_before_the_start(mother):
    mother.start_date = None
    mother.save(update_fields=["start_date"])
    assert self_reports_due(mother) == []


def test_she_fills_in_the_pss10(mother_client, started, coach, django_assert_num_queries):
    page = mother_client.get(reverse("portal:questionnaires")).content.decode()
    url = reverse("portal:fill_in", args=["pss-10"])
    assert url in page
    assert reverse("portal:fill_in", args=["zrm"]) not in page
    assert mother_client.get(url).status_code == 200
    incomplete = mother_client.post(url, {"item_1": "2"})
    assert incomplete.status_code == 400
    response = mother_client.post(url, PSS_ANSWERS)
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.filled_in_by == FilledInBy.PARTICIPANT
    assert measurement.recorded_by == started.user and measurement.total == 20
    assert AccessLogEntry.objects.filter(
        object_type="measurement", user=started.user, action="create"
    ).exists()
    assert Notification.objects.filter(recipient=coach, kind="portal_activity").exists()
    # Done for this occasion: not offered again.
    assert url not in mother_client.get(reverse("portal:questionnaires")).content.decode()
    assert mother_client.post(url, PSS_ANSWERS).status_code == 403
    # Her coach sees it as filled in by her.
    mother_client.force_login(coach)
    detail = reverse("instruments:detail", args=[started.pk, measurement.pk])
    body = mother_client.get(detail).content.decode()
    assert "the mother herself" in body or "de moeder zelf" in body


@pytest.mark.parametrize("code", ["zrm", "participatieladder", "brug", "executive-skills", "x"])
def test_professional_questionnaires_are_never_offered(mother_client, started, code):
    url = reverse("portal:fill_in", args=[code])
    assert mother_client.get(url).status_code == 403
    assert mother_client.post(url, {"item_1": "1"}).status_code == 403
    assert not Measurement.objects.exists()
    assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED, user=started.user).exists()


def test_the_service_refuses_her_a_professional_questionnaire(started):
    from django.core.exceptions import ValidationError

    from droomplan.instruments.services import record_measurement

    with pytest.raises(ValidationError):
        record_measurement(
            participant=started,
            instrument="participatieladder",
            taken_on=datetime.date.today(),
            answers={"rung": 2},
            recorded_by=started.user,
            filled_in_by=FilledInBy.PARTICIPANT,
        )


def test_questionnaire_list_queries(mother_client, started, django_assert_num_queries):
    with django_assert_num_queries(14):
        assert mother_client.get(reverse("portal:questionnaires")).status_code == 200
