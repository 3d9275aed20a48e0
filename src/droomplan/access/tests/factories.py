import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from droomplan.access.models import Consent, ConsentMethod
from droomplan.accounts.models import OrganisationKind
from droomplan.accounts.tests.factories import OrganisationFactory
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.core.domains import LifeDomain


class ConsentFactory(DjangoModelFactory):
    """A consent valid today for the credit-bank domain `finances`, given verbally.

    ConsentFactory(expired=True) ended yesterday; ConsentFactory(withdrawn=True) was withdrawn
    today (so it is no longer valid)."""

    class Meta:
        model = Consent

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.CREDIT_BANK)
    scopes = factory.LazyFunction(lambda: [LifeDomain.FINANCES.value])
    given_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=300))
    method = ConsentMethod.VERBAL

    class Params:
        expired = factory.Trait(
            expires_on=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=1)
            )
        )
        withdrawn = factory.Trait(withdrawn_on=factory.LazyFunction(timezone.localdate))
