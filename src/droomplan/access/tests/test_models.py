import datetime

import pytest
from django.core.exceptions import ValidationError

from droomplan.access.tests.factories import ConsentFactory

D = datetime.date


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
