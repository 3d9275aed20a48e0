"""Sharing a contact note follows the mother's consent (issue 19)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.tests.factories import OrganisationFactory
from droomplan.cases import services
from droomplan.cases.models import Contact
from droomplan.cases.tests.factories import ParticipantFactory

TODAY = datetime.date.today()


@pytest.fixture
def family(coach, programme):
    mother = ParticipantFactory(programme=programme, coach=coach, active=True)
    bank = OrganisationFactory(name="Kredietbank", code="kb")
    childcare = OrganisationFactory(name="Kinderopvang", code="ko")
    ConsentFactory(participant=mother, organisation=bank, scopes=["finances", "employment"])
    ConsentFactory(
        participant=mother,
        organisation=childcare,
        scopes=["children"],
        withdrawn_on=TODAY,
    )
    OrganisationFactory(name="Universiteit", code="uni")
    return mother, bank, childcare


def _note(coach, mother, **fields):
    return services.log_contact(
        actor=coach,
        participant=mother,
        date=TODAY,
        kind="phone",
        duration_minutes=10,
        note="Gebeld",
        **fields,
    )


def test_a_note_is_shared_only_where_consent_covers_its_domain(coach, family):
    mother, bank, childcare = family
    note = _note(coach, mother, domain="finances", shared_with=[bank])
    assert list(note.shared_with.all()) == [bank]
    with pytest.raises(ValidationError) as refused:
        _note(coach, mother, domain="well_being", shared_with=[bank])
    assert "Kredietbank" in str(refused.value)
    with pytest.raises(ValidationError):
        _note(coach, mother, domain="children", shared_with=[childcare])  # withdrawn
    with pytest.raises(ValidationError) as no_domain:
        _note(coach, mother, shared_with=[bank])
    assert "domain" in no_domain.value.error_dict
    assert Contact.objects.count() == 1


def test_editing_cannot_widen_sharing_beyond_consent(coach, family):
    mother, bank, _childcare = family
    note = _note(coach, mother, domain="finances", shared_with=[bank])
    with pytest.raises(ValidationError):
        services.edit_contact(actor=coach, contact=note, domain="well_being")
    note.refresh_from_db()
    assert note.domain == "finances"


def test_the_form_offers_only_consented_organisations_with_what_they_cover(coach_client, family):
    mother, _bank, _childcare = family
    url = reverse("cases:contact_add", args=[mother.pk])
    page = coach_client.get(url).content.decode()
    assert "Kredietbank (toestemming voor: geld, werk en stage)" in page
    assert "Kinderopvang" not in page and "Universiteit" not in page


def test_a_refused_share_keeps_what_was_typed_and_saves_nothing(coach_client, family):
    mother, bank, _childcare = family
    response = coach_client.post(
        reverse("cases:contact_add", args=[mother.pk]),
        {
            "date": TODAY.isoformat(),
            "kind": "phone",
            "duration_minutes": 15,
            "note": "Over haar gezondheid",
            "domain": "well_being",
            "shared_with": [bank.pk],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "geen toestemming" in page and "Over haar gezondheid" in page
    assert not Contact.objects.exists()
