import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from droomplan.businesscase import personal_data
from droomplan.cases.tests.factories import ParticipantFactory

from .factories import SpendingFactory

pytestmark = pytest.mark.django_db


def test_export_anonymise_research():
    mother = ParticipantFactory()
    SpendingFactory(participant=mother, description="Rijlessen bij rijschool Jansen")
    data = personal_data.export(mother)
    json.dumps(data, cls=DjangoJSONEncoder)
    assert data[0]["description"] == "Rijlessen bij rijschool Jansen"
    assert personal_data.anonymise(mother) == 1
    assert personal_data.anonymise(mother) == 0
    assert personal_data.export(mother)[0]["description"] == ""
    assert personal_data.export(mother)[0]["amount"] == "250.00"
