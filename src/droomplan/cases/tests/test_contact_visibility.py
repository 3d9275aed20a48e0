"""Whether the mother reads a contact note is chosen per note by its author (default: she
does); "only for professionals" needs a short reason (docs/portal.md)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from droomplan.access.services import withdraw_own_consent
from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.tests.factories import UserFactory
from droomplan.cases import selectors, services
from droomplan.cases.models import Contact, ContactKind, visible_contact_q
from droomplan.cases.tests.factories import ContactFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _log(coach, participant, **extra):
    return services.log_contact(
        actor=coach,
        participant=participant,
        date=timezone.localdate(),
        kind=ContactKind.PHONE,
        duration_minutes=10,
        note="Gebeld over de afspraak.",
        **extra,
    )


def test_a_note_is_visible_to_her_by_default(coach):
    participant = ParticipantFactory(coach=coach)
    contact = _log(coach, participant)
    assert contact.visible_to_participant
    assert Contact.objects.filter(visible_contact_q()).get() == contact


def test_only_for_professionals_needs_a_reason(coach):
    participant = ParticipantFactory(coach=coach)
    with pytest.raises(ValidationError) as error:
        _log(coach, participant, professionals_only=True, professionals_only_reason="  ")
    assert "professionals_only_reason" in error.value.message_dict
    contact = _log(
        coach,
        participant,
        professionals_only=True,
        professionals_only_reason="Melding Veilig Thuis",
    )
    assert not contact.visible_to_participant
    assert not Contact.objects.filter(visible_contact_q()).exists()


def test_the_database_refuses_a_hidden_note_without_reason(coach):
    contact = ContactFactory(participant=ParticipantFactory(coach=coach), author=coach)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(professionals_only=True)


def test_the_form_asks_for_the_reason(client, coach):
    participant = ParticipantFactory(coach=coach)
    client.force_login(coach)
    url = reverse("cases:contact_add", args=[participant.pk])
    page = client.get(url)
    assert b"professionals_only_reason" in page.content
    data = {
        "date": timezone.localdate().isoformat(),
        "kind": ContactKind.PHONE,
        "duration_minutes": 15,
        "note": "Over de schulden",
        "professionals_only": "on",
        "professionals_only_reason": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "professionals_only_reason" in response.context["form"].errors
    data["professionals_only_reason"] = "Zorgmelding"
    response = client.post(url, data)
    assert response.status_code == 302
    contact = Contact.objects.get(participant=participant)
    assert contact.professionals_only and contact.professionals_only_reason == "Zorgmelding"


def test_the_timeline_shows_consents_and_her_own_withdrawal(coach):
    mother = UserFactory()
    participant = ParticipantFactory(coach=coach, user=mother)
    consent = ConsentFactory(participant=participant, organisation__name="Kredietbank Noord")
    withdraw_own_consent(actor=mother, consent=consent)
    titles = [item.title for item in selectors.timeline(participant) if item.kind == "consent"]
    assert titles == [
        "Zij heeft haar toestemming voor Kredietbank Noord zelf ingetrokken",
        "Toestemming voor Kredietbank Noord",
    ]


def test_the_case_page_marks_a_note_only_for_professionals(client, coach):
    participant = ParticipantFactory(coach=coach)
    _log(coach, participant, professionals_only=True, professionals_only_reason="Veilig Thuis")
    client.force_login(coach)
    page = client.get(reverse("cases:part", args=[participant.pk, "contacten"])).content.decode()
    assert "De moeder leest deze tekst niet in haar portaal: Veilig Thuis" in page
