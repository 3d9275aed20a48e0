"""The caseload and the case page use a fixed number of queries, however much data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from droomplan.accounts.tests.factories import OrganisationFactory
from droomplan.cases.models import Child, CoachAssignment
from droomplan.cases.tests.factories import ContactFactory, ParticipantFactory
from droomplan.plans.models import GoalStatusChange
from droomplan.plans.tests.factories import ActionFactory, GoalFactory
from droomplan.programmes.tests.factories import CohortFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    import os

    if os.environ.get("SHOWQ"):
        for q in ctx.captured_queries:
            print("Q:", q["sql"][:160])
    return len(ctx.captured_queries)


def add_families(n, *, coach, programme, cohort):
    for _ in range(n):
        participant = ParticipantFactory(
            programme=programme, coach=coach, cohort=cohort, active=True
        )
        ActionFactory(goal__participant=participant)


@pytest.mark.parametrize("who", ["coach", "lead"])
def test_caseload_queries_do_not_grow(client, coach, lead, programme, who):
    cohort = CohortFactory(programme=programme)
    client.force_login(coach if who == "coach" else lead)
    url = reverse("cases:caseload")
    add_families(2, coach=coach, programme=programme, cohort=cohort)
    small = count_queries(client, url)
    add_families(8, coach=coach, programme=programme, cohort=cohort)
    large = count_queries(client, url)
    assert large == small
    # and with filters
    url += "?q=a&overdue=on&status=active"
    assert count_queries(client, url) == count_queries(client, url)


def test_coach_home_queries_do_not_grow(client, coach, programme):
    cohort = CohortFactory(programme=programme)
    client.force_login(coach)
    add_families(2, coach=coach, programme=programme, cohort=cohort)
    small = count_queries(client, "/")
    add_families(8, coach=coach, programme=programme, cohort=cohort)
    assert count_queries(client, "/") == small


def grow_case(participant, coach, n, organisations):
    for i in range(n):
        contact = ContactFactory(participant=participant, author=coach, note=f"Notitie {i}")
        contact.shared_with.set(organisations)
        ContactFactory(participant=participant, author=coach, corrects=contact)
        Child.objects.create(participant=participant, given_name=f"Kind {i}", birth_date="2020-1-1")
        goal = GoalFactory(participant=participant, title=f"Doel {i}")
        ActionFactory(goal=goal)
        GoalStatusChange.objects.create(goal=goal, from_status="open", to_status="achieved")


@pytest.mark.parametrize("who", ["coach", "lead"])
def test_case_page_queries_do_not_grow(client, coach, lead, programme, who):
    from droomplan.cases import services

    organisations = [OrganisationFactory(), OrganisationFactory()]
    participant = ParticipantFactory(
        programme=programme, coach=coach, cohort=CohortFactory(programme=programme)
    )
    client.force_login(coach if who == "coach" else lead)
    url = reverse("cases:detail", args=[participant.pk])
    grow_case(participant, coach, 2, organisations)
    small = count_queries(client, url)

    grow_case(participant, coach, 8, organisations)
    # more coaches and status changes too
    for i in range(3):
        other = CoachAssignment.objects.get(participant=participant, ended_on=None).coach
        from droomplan.cases.tests.factories import CoachFactory

        new = CoachFactory()
        services.assign_coach(
            actor=lead,
            participant=participant,
            coach=new,
            on_date=participant.intake_date,
            handover_note=f"Overdracht {i} van {other}",
        )
    services.assign_coach(
        actor=lead,
        participant=participant,
        coach=coach,
        on_date=participant.intake_date,
        handover_note="Terug naar Anna",
    )
    large = count_queries(client, url)
    assert large == small
