import datetime

import factory
from factory.django import DjangoModelFactory

from droomplan.escalations.models import BarrierKind, Escalation, EscalationStatus
from droomplan.plans.tests.factories import GoalFactory


class EscalationFactory(DjangoModelFactory):
    class Meta:
        model = Escalation

    goal = factory.SubFactory(GoalFactory)
    participant = factory.SelfAttribute("goal.participant")
    kind = BarrierKind.DEBT_ARRANGEMENT
    barrier = "De schuldregeling start niet: één schuldeiser weigert."
    tried = "Overleg met de Kredietbank, twee keer."
    asked = "Mag het fonds de vordering overnemen?"
    opened_on = datetime.date(2025, 3, 3)
    deadline = datetime.date(2025, 3, 17)
    status = EscalationStatus.OPEN
