import datetime

import pytest
from django.core.exceptions import ValidationError

from droomplan.access.models import Consent
from droomplan.access.tests.factories import ConsentFactory

D = datetime.date


@pytest.mark.django_db
def test_a_consent_is_valid_from_given_until_expiry_and_not_from_withdrawal():
    consent = ConsentFactory(given_on=D(2026, 1, 1), expires_on=D(2026, 12, 31))
    assert not consent.is_valid_on(D(2025, 12, 31))
    assert consent.is_valid_on(D(2026, 1, 1))
    assert consent.is_valid_on(D(2026, 12, 31))
    assert not consent.is_valid_on(D(2027, 1, 1))
    consent.withdrawn_on = D(2026, 6, 1)
    consent.save()
    assert consent.is_valid_on(D(2026, 5, 31))
    assert not consent.is_valid_on(D(2026, 6, 1))
    for day, expected in [
        (D(2025, 12, 31), False),
        (D(2026, 1, 1), True),
        (D(2026, 5, 31), True),
        (D(2026, 6, 1), False),
    ]:
        assert Consent.objects.valid_on(day).filter(pk=consent.pk).exists() is expected


@pytest.mark.django_db
def test_a_consent_without_end_date_stays_valid():
    consent = ConsentFactory(given_on=D(2026, 1, 1), expires_on=None)
    assert consent.is_valid_on(D(2040, 1, 1))
    assert Consent.objects.valid_on(D(2040, 1, 1)).filter(pk=consent.pk).exists()


@pytest.mark.django_db
def test_factory_traits():
    assert not ConsentFactory(expired=True).is_valid_on(datetime.date.today())
    assert not ConsentFactory(withdrawn=True).is_valid_on(datetime.date.today())
    assert ConsentFactory().is_valid_on(datetime.date.today())


@pytest.mark.django_db
@pytest.mark.parametrize("scopes", [[], ["finances", "money"], "finances"])
def test_scopes_must_be_known_life_domains(scopes):
    consent = ConsentFactory.build(scopes=scopes, participant=None, organisation=None)
    with pytest.raises(ValidationError) as error:
        consent.clean_fields(exclude=["participant", "organisation"])
    assert "scopes" in error.value.message_dict


@pytest.mark.django_db
def test_end_date_before_start_is_refused():
    consent = ConsentFactory.build(given_on=D(2026, 2, 1), expires_on=D(2026, 1, 1))
    with pytest.raises(ValidationError) as error:
        consent.clean()
    assert "expires_on" in error.value.message_dict
