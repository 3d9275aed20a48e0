"""Lists read what is current through partial indexes, not the history of years:

- the caseload's overdue filter reads the open actions (`plans_action_open_due`, the open
  actions by due date; its condition is `open_action_q`, the rule `overdue_action_q` builds on);
- a coach's families (`coached_by`, the coaches overview) read the current assignments
  (`current_assignment_coach`; its condition is `current_assignment_q`);
- the caseload's order has an index (`participant_list_order`), so page 1 is not a sort of
  every family; so have the waiting list (`participant_waiting_order`, partial) and a group
  (`participant_cohort_order`).

The planner can use each for exactly the query the code writes."""

import datetime

import pytest
from django.db import connection, transaction

from droomplan.cases import selectors
from droomplan.cases.models import CoachAssignment, Participant, current_assignment_q
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.core.queries import pk_is_one_of
from droomplan.plans.models import Action, Goal
from droomplan.plans.tests.factories import ActionFactory
from droomplan.programmes.tests.factories import CohortFactory

pytestmark = pytest.mark.django_db
INDEX = "plans_action_open_due"
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plan is PostgreSQL's"
)


def plan_of(queryset, *, in_order: bool = False) -> str:
    """`in_order`: also forbid a bitmap scan (which returns rows out of order), to see whether
    the index serves the rows in the list's order (on a few rows the planner may rightly
    prefer a bitmap scan and a sort; at 100,000 families it reads the index in order)."""
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # a few rows: the planner would rightly read the table; forbid that to see whether the
        # index can serve exactly the query the caseload writes
        cursor.execute("SET LOCAL enable_seqscan = off")
        if in_order:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_index_is_on_open_actions_by_due_date():
    (index,) = [i for i in Action._meta.indexes if i.name == INDEX]
    assert index.fields == ["due_date", "goal"]
    assert Action.objects.filter(index.condition).query.where == Action.objects.open().query.where


@needs_postgresql
def test_the_overdue_families_are_read_through_the_open_actions_index(programme):
    for _ in range(3):
        ActionFactory(goal__participant=ParticipantFactory(programme=programme))
    today = datetime.date(2030, 1, 1)
    # what `overdue_family_ids` asks first: the goals of the overdue actions
    goals = Action.objects.overdue(today).order_by().values_list("goal_id").distinct()
    assert INDEX in plan_of(goals)


@needs_postgresql
def test_the_families_of_a_domain_are_read_through_the_open_actions_index(programme):
    for _ in range(3):
        ActionFactory(goal__participant=ParticipantFactory(programme=programme))
    goals = Action.objects.open().order_by().values_list("goal_id").distinct()
    assert INDEX in plan_of(goals)  # what `domain_family_ids` asks first


@needs_postgresql
def test_the_goals_of_open_actions_are_read_by_their_key_not_by_a_scan_of_every_goal(
    programme,
):
    """The second query of `overdue_family_ids` and `domain_family_ids`: the goals by their
    primary key (as one join with the open actions PostgreSQL read every goal of the years)."""
    actions = [
        ActionFactory(goal__participant=ParticipantFactory(programme=programme)) for _ in range(3)
    ]
    ids = [action.goal_id for action in actions]
    goals = Goal.objects.filter(pk_is_one_of(ids), domain="finances")
    families = goals.values_list("participant_id")
    plan = plan_of(families.order_by().distinct())
    assert "plans_goal_pkey" in plan, plan
    assert "Seq Scan" not in plan, plan


def test_the_overdue_filter_lists_families_with_an_overdue_action(programme):
    def family():
        return ParticipantFactory(programme=programme)

    overdue = ActionFactory(goal__participant=family())
    twice = ActionFactory(goal__participant=family())
    ActionFactory(goal=twice.goal)  # a second overdue action of the same goal: one family
    ActionFactory(goal__participant=family(), done_on=datetime.date(2025, 1, 1))  # done
    ActionFactory(goal__participant=family(), due_date=datetime.date(2099, 1, 1))  # not yet
    found = selectors.overdue_family_ids(datetime.date(2030, 1, 1))
    assert sorted(found) == sorted([overdue.goal.participant_id, twice.goal.participant_id])


def test_the_domain_filter_lists_families_with_an_open_action_in_that_domain(programme):
    done = datetime.date(2025, 1, 1)
    with_open = ActionFactory(goal__participant=ParticipantFactory(programme=programme))
    ActionFactory(goal__participant=ParticipantFactory(programme=programme), done_on=done)
    ActionFactory(
        goal__participant=ParticipantFactory(programme=programme), goal__domain="education"
    )
    assert selectors.domain_family_ids("finances") == [with_open.goal.participant_id]


def test_the_coach_index_is_on_current_assignments():
    (index,) = [i for i in CoachAssignment._meta.indexes if i.name == "current_assignment_coach"]
    assert index.fields == ["coach"]
    assert index.condition == current_assignment_q()


@needs_postgresql
def test_a_coachs_families_are_found_through_the_current_assignments_index(coach, programme):
    ParticipantFactory.create_batch(2, programme=programme, coach=coach)
    assert "current_assignment_coach" in plan_of(Participant.objects.coached_by(coach))


@needs_postgresql
def test_page_one_of_the_lead_caseload_is_read_in_index_order(lead, programme):
    ParticipantFactory.create_batch(3, programme=programme)
    assert "participant_list_order" in plan_of(selectors.caseload(lead)[:50])


@needs_postgresql
@pytest.mark.parametrize(
    "filters, index",
    [
        ({"waiting_list": True}, "participant_waiting_order"),
        ({"cohort": "group"}, "participant_cohort_order"),
    ],
)
def test_the_waiting_list_and_a_group_are_read_in_the_caseload_order(
    lead, programme, filters, index
):
    """Page 1 of these filters reads only their families, already in order (the waiting list
    was a scan of every family, a group a walk of every family in name order)."""
    cohort = CohortFactory(programme=programme)
    ParticipantFactory.create_batch(3, programme=programme, cohort=cohort, on_waiting_list=True)
    if filters.get("cohort"):
        filters = {"cohort": cohort.pk}
    families = selectors.caseload(lead, **filters)[:50]
    plan = plan_of(families, in_order=True)
    assert index in plan, plan
    assert "Sort" not in plan.split("SubPlan")[0], plan  # no sort of the families: in order
    if "waiting_list" in filters:  # the paginator's count reads the waiting list's index too
        counted = selectors.caseload(lead, **filters).order_by().values("pk")[:1001]
        assert index in plan_of(counted)


@needs_postgresql
def test_a_family_s_group_has_one_index_the_caseload_order_of_the_group():
    """The foreign key's own index on the group alone is gone (migration `cases/0015`):
    `participant_cohort_order` starts with the group and serves every lookup by group."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases_participant'"
        )
        indexes = dict(cursor.fetchall())
    assert "(cohort_id, family_name, given_name, id)" in indexes["participant_cohort_order"]
    assert not [name for name, sql in indexes.items() if sql.endswith("(cohort_id)")]
