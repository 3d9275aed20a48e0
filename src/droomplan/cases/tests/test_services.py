import datetime

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.cases import services
from droomplan.cases.tests.factories import CoachFactory
from droomplan.programmes.tests.factories import MunicipalityFactory, ProgrammeFactory


def test_a_coach_who_registers_a_mother_becomes_her_coach_a_lead_does_not(db):
    data = {
        "programme": ProgrammeFactory(),
        "given_name": "Samira",
        "family_name": "Bouzid",
        "birth_date": datetime.date(2002, 1, 1),
        "municipality": MunicipalityFactory(),
        "intake_date": datetime.date(2025, 1, 1),
    }
    coach = CoachFactory()
    by_coach = services.register_participant(actor=coach, **data)
    assert by_coach.coach_assignments.get().coach == coach
    by_lead = services.register_participant(
        actor=UserFactory(role=Role.PROGRAMME_LEAD), **{**data, "given_name": "Noor"}
    )
    assert not by_lead.coach_assignments.exists()
