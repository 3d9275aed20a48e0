import datetime

import factory
from factory.django import DjangoModelFactory

from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.core.domains import LifeDomain
from droomplan.plans.models import Action, ActionOwner, Dream, Goal


class DreamFactory(DjangoModelFactory):
    class Meta:
        model = Dream

    participant = factory.SubFactory(ParticipantFactory)
    text = "Ik wil een eigen huis en een diploma, zodat mijn dochter trots op me is."


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    participant = factory.SubFactory(ParticipantFactory)
    dream = factory.SubFactory(DreamFactory, participant=factory.SelfAttribute("..participant"))
    domain = LifeDomain.FINANCES
    title = "Overzicht van alle schulden"
    target_date = datetime.date(2025, 6, 1)


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    goal = factory.SubFactory(GoalFactory)
    description = "Alle brieven van schuldeisers verzamelen"
    owner = ActionOwner.MOTHER
    due_date = datetime.date(2025, 4, 1)
