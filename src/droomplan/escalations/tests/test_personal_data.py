import json

import pytest

from droomplan.escalations import personal_data, services
from droomplan.escalations.models import Escalation
from droomplan.escalations.tests.factories import EscalationFactory

pytestmark = pytest.mark.django_db


def test_export_and_anonymise(board, mother, goal, credit_bank, today):
    escalation = EscalationFactory(goal=goal)
    services.decide(
        actor=board,
        escalation=escalation,
        text="Het fonds betaalt.",
        organisation=credit_bank,
        due_date=today,
    )
    data = personal_data.export(mother)
    json.dumps(data)
    assert data[0]["barrier"] == escalation.barrier
    assert data[0]["decision"]["text"] == "Het fonds betaalt."
    assert personal_data.anonymise(mother) == 2
    escalation = Escalation.objects.get()
    assert escalation.barrier == escalation.tried == escalation.asked == ""
    assert escalation.decision.text == ""
    assert escalation.kind and escalation.opened_on and escalation.status == "decided"
