import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from droomplan.accounts.tests.factories import OrganisationFactory
from droomplan.businesscase.models import Assumption, PartnerContribution, Purpose, Spending
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.programmes.tests.factories import ProgrammeFactory


class SpendingFactory(DjangoModelFactory):
    class Meta:
        model = Spending

    participant = factory.SubFactory(ParticipantFactory)
    date = datetime.date(2025, 3, 1)
    amount = Decimal("250.00")
    purpose = Purpose.DREAM_BUDGET
    description = "Droombudget: rijlessen"


class PartnerContributionFactory(DjangoModelFactory):
    class Meta:
        model = PartnerContribution

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    year = 2025
    hours = Decimal("10.0")
    euros = Decimal("500.00")


class AssumptionFactory(DjangoModelFactory):
    class Meta:
        model = Assumption

    programme = factory.SubFactory(ProgrammeFactory)
    code = "hourly_rate"
    low = Decimal("60")
    central = Decimal("80")
    high = Decimal("100")
    valid_from = datetime.date(2025, 1, 1)
    source = "Begroting van het programma"
