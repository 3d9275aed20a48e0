import datetime

import factory
from factory.django import DjangoModelFactory
from faker import Faker

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.cases.models import (
    Child,
    CoachAssignment,
    Contact,
    ContactKind,
    Participant,
    Status,
    StatusChange,
)
from droomplan.programmes.tests.factories import MunicipalityFactory, ProgrammeFactory

_dutch = Faker("nl_NL")


class ParticipantFactory(DjangoModelFactory):
    """A mother in intake. ParticipantFactory(coach=user) also makes `user` her coach;
    ParticipantFactory(active=True) starts her trajectory."""

    class Meta:
        model = Participant
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    ref = factory.Sequence(lambda n: f"DM-{n + 1:04d}")
    given_name = factory.Faker("first_name_female", locale="nl_NL")
    # Faker's Dutch names include "van 't Erve": a page shows it HTML-escaped (&#x27;), so a
    # test that looks for the name in the page would fail now and then. Names with an
    # apostrophe are tested on purpose where it matters, not by chance.
    family_name = factory.LazyAttribute(lambda _o: _dutch.last_name().replace("'", ""))
    birth_date = datetime.date(2001, 5, 17)
    municipality = factory.SubFactory(MunicipalityFactory)
    intake_date = datetime.date(2025, 1, 15)
    status = Status.INTAKE

    class Params:
        active = factory.Trait(status=Status.ACTIVE, start_date=datetime.date(2025, 2, 1))

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            StatusChange.objects.create(
                participant=self, to_status=Status.INTAKE, date=self.intake_date
            )
            if self.status == Status.ACTIVE:
                StatusChange.objects.create(
                    participant=self,
                    from_status=Status.INTAKE,
                    to_status=Status.ACTIVE,
                    date=self.start_date,
                )

    @factory.post_generation
    def coach(self, create, extracted, **kwargs):
        if create and extracted is not None:
            CoachAssignment.objects.create(
                participant=self, coach=extracted, started_on=self.intake_date
            )


def CoachFactory(**kwargs):  # noqa: N802  (reads like a factory)
    return UserFactory(role=Role.COACH, **kwargs)


class ChildFactory(DjangoModelFactory):
    class Meta:
        model = Child

    participant = factory.SubFactory(ParticipantFactory)
    given_name = factory.Faker("first_name", locale="nl_NL")
    birth_date = datetime.date(2022, 3, 3)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    participant = factory.SubFactory(ParticipantFactory)
    author = factory.SubFactory(UserFactory)
    date = datetime.date(2025, 3, 1)
    kind = ContactKind.HOME_VISIT
    duration_minutes = 60
    note = "Huisbezoek: budget doorgenomen."
