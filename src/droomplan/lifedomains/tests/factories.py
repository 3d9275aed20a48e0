import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.lifedomains.models import (
    Debt,
    DebtRoute,
    DebtRouteChange,
    Education,
    HousingKind,
    HousingStatus,
    WorkKind,
    WorkPlacement,
)


class DebtFactory(DjangoModelFactory):
    """An open debt in inventory. DebtFactory(settled_on=d) is a paid-off debt."""

    class Meta:
        model = Debt
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    creditor = factory.Iterator(["Zorgverzekeraar", "Energieleverancier", "Woningcorporatie"])
    amount = Decimal("850.00")
    registered_on = datetime.date(2025, 2, 10)
    settled_on = None
    route = factory.LazyAttribute(
        lambda d: DebtRoute.PAID_OFF if d.settled_on else DebtRoute.INVENTORY
    )

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        """One route step on the registration date (as the service makes it)."""
        if create:
            DebtRouteChange.objects.create(
                debt=self, route=DebtRoute.INVENTORY, date=self.registered_on
            )
            if self.route != DebtRoute.INVENTORY:
                DebtRouteChange.objects.create(
                    debt=self, route=self.route, date=self.settled_on or self.registered_on
                )


class DebtRouteChangeFactory(DjangoModelFactory):
    class Meta:
        model = DebtRouteChange

    debt = factory.SubFactory(DebtFactory)
    route = DebtRoute.STABILISATION
    date = datetime.date(2025, 3, 1)


class HousingStatusFactory(DjangoModelFactory):
    class Meta:
        model = HousingStatus

    participant = factory.SubFactory(ParticipantFactory)
    date = datetime.date(2025, 1, 15)
    kind = HousingKind.SOCIAL_HOUSING
    adequate = True
    situation = "Tweekamerwoning, huurtoeslag aangevraagd."


class EducationFactory(DjangoModelFactory):
    class Meta:
        model = Education

    participant = factory.SubFactory(ParticipantFactory)
    name = "Helpende Zorg en Welzijn"
    level = "mbo-2"
    institution = "Vista college"
    started_on = datetime.date(2025, 9, 1)


class WorkPlacementFactory(DjangoModelFactory):
    class Meta:
        model = WorkPlacement

    participant = factory.SubFactory(ParticipantFactory)
    kind = WorkKind.PAID
    employer = "Bakkerij Bollen"
    started_on = datetime.date(2025, 6, 1)
    hours_per_week = Decimal("16.0")
