import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from droomplan.programmes.tests.factories import MunicipalityFactory, ProgrammeFactory
from droomplan.signals.models import (
    Channel,
    Signal,
    SignallerRole,
    SignalRoute,
    SignalStatus,
    SignalStatusChange,
)


class SignalFactory(DjangoModelFactory):
    """A received signal with its first history row."""

    class Meta:
        model = Signal
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    signaller_role = SignallerRole.NEIGHBOUR
    concern = "De buurvrouw lijkt het zwaar te hebben met de kinderen."
    mother_name = "Priscilla Zeldzaam"
    mother_contact = "Akerstraat 12"
    signaller_name = "Bert Buur"
    signaller_email = "bert@example.org"
    channel = Channel.WEB
    first_contact_due = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=7)
    )

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            SignalStatusChange.objects.create(signal=self, to_status=SignalStatus.RECEIVED)


class SignalRouteFactory(DjangoModelFactory):
    class Meta:
        model = SignalRoute

    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
