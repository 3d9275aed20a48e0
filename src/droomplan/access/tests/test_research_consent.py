"""Consent for research: the coach or the programme lead records whether she takes part in
the research export; a withdrawal counts from its day; every change is logged and in her
inzage file."""

import datetime

import pytest
from django.urls import reverse

from droomplan.access import inzage, research
from droomplan.access.models import ResearchConsent
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.audit.models import AccessLogEntry
from droomplan.cases.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def coach(db):
    return UserFactory(role=Role.COACH)


@pytest.fixture
def mother(coach):
    return ParticipantFactory(coach=coach, active=True)


def _post(client, mother, agrees, on=TODAY):
    return client.post(
        reverse("access:research_consent", args=[mother.pk]),
        {"agrees": agrees, "on": on.isoformat()},
    )


def test_the_coach_records_yes_and_later_no(client, coach, mother):
    client.force_login(coach)
    page = client.get(reverse("access:consent_list", args=[mother.pk])).content.decode()
    assert "Ze heeft geen toestemming gegeven voor onderzoek" in page
    assert _post(client, mother, "yes", datetime.date(2025, 2, 1)).status_code == 302
    consent = ResearchConsent.objects.get(participant=mother)
    assert consent.is_valid_on(TODAY) and consent.recorded_by == coach
    assert mother in research.participants()
    page = client.get(reverse("access:consent_list", args=[mother.pk])).content.decode()
    assert "Ze doet mee aan onderzoek sinds 1 februari 2025" in page

    assert _post(client, mother, "no").status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    assert mother not in research.participants()
    entries = AccessLogEntry.objects.filter(object_type="researchconsent", participant=mother)
    assert [e.detail.split(" on ")[0] for e in entries.order_by("at", "id")] == [
        "research consent given",
        "research consent withdrawn",
    ]


@pytest.mark.parametrize(
    ("agrees", "on", "message"),
    [
        ("yes", TODAY + datetime.timedelta(days=1), "Kies vandaag of een dag in het verleden"),
        ("no", TODAY, "Ze doet nu niet mee aan onderzoek"),
        ("maybe", TODAY, "Selecteer een geldige keuze"),
    ],
)
def test_wrong_input_gives_a_dutch_message_and_changes_nothing(
    client, coach, mother, agrees, on, message
):
    client.force_login(coach)
    response = _post(client, mother, agrees, on)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ResearchConsent.objects.exists()


def test_a_partner_cannot_record_it(client, mother):
    client.force_login(UserFactory(role=Role.PARTNER))
    assert _post(client, mother, "yes").status_code in {403, 404}
    assert not ResearchConsent.objects.exists()


def test_it_is_in_her_inzage_file(coach, mother):
    from droomplan.access.services import set_research_consent

    set_research_consent(actor=coach, participant=mother, agrees=True, on=TODAY)
    consents = inzage.collect(mother)["parts"]["consents"]
    assert consents[0]["given_on"] == TODAY
    assert "Onderzoek" in consents[0]["organisation"] or "Research" in consents[0]["organisation"]
