import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from droomplan.instruments import personal_data
from droomplan.instruments.tests.factories import MeasurementFactory

pytestmark = pytest.mark.django_db


def test_export_anonymise_and_research():
    m = MeasurementFactory(instrument="participatieladder", value=3, note="Vertelde over haar ex")
    participant = m.participant
    exported = personal_data.export(participant)
    assert exported[0]["instrument"] == "participatieladder"
    assert exported[0]["answers"] == {"rung": 3} and exported[0]["note"]
    json.dumps(exported, cls=DjangoJSONEncoder)
    assert personal_data.anonymise(participant) == 1
    assert personal_data.anonymise(participant) == 0
    m.refresh_from_db()
    assert m.note == "" and m.total == 3
    research = personal_data.research(participant)
    assert research["measurements"][0] == {
        "instrument": "participatieladder", "taken_on": m.taken_on, "answers": {"rung": 3},
        "total": 3,
    }  # fmt: skip
    assert "note" not in json.dumps(research, cls=DjangoJSONEncoder)
