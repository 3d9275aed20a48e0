import datetime

import factory
from factory.django import DjangoModelFactory

from droomplan.meetings.models import Attendance, GroupSession
from droomplan.programmes.tests.factories import ProgrammeFactory


class GroupSessionFactory(DjangoModelFactory):
    class Meta:
        model = GroupSession
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    date = datetime.date(2025, 3, 10)
    start_time = datetime.time(10, 0)
    end_time = datetime.time(12, 0)
    place = "Buurthuis Caberg"
    theme = "Budgetteren"

    @factory.post_generation
    def cohorts(self, create, extracted, **kwargs):
        if create and extracted:
            self.cohorts.set(extracted)

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilitators.set(extracted)


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(GroupSessionFactory)
    participant = factory.SubFactory("droomplan.cases.tests.factories.ParticipantFactory")
    status = ""
