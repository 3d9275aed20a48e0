import json

import pytest

from droomplan.meetings import personal_data
from droomplan.meetings.tests.factories import AttendanceFactory

pytestmark = pytest.mark.django_db


def test_export(mothers):
    AttendanceFactory(participant=mothers["own1"], status="present")
    data = personal_data.export(mothers["own1"])
    json.dumps(data)
    assert data[0]["theme"] == "Budgetteren"
    assert data[0]["attendance"]
    assert personal_data.anonymise(mothers["own1"]) == 0
