import datetime

import factory
from factory.django import DjangoModelFactory

from droomplan.programmes.models import Cohort, Municipality, Programme


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("cbs_code",)

    cbs_code = "GM0935"
    name = "Maastricht"


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"prog-{n}")
    name = factory.Sequence(lambda n: f"Programme {n}")

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create:
            self.municipalities.set(
                extracted if extracted is not None else Municipality.objects.all()
            )


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"c{n}")
    name = factory.Sequence(lambda n: f"Group {n}")
    start_date = datetime.date(2025, 1, 1)
