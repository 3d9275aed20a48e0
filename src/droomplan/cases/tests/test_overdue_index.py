"""The caseload's overdue filter reads the open actions through a partial index
(`plans_action_open_due`, the open actions by due date), not every action of years of
history: the index's condition is `open_action_q`, the same rule `overdue_action_q` builds on,
so the planner can use it for exactly the query the caseload writes."""

import datetime

import pytest
from django.db import connection, transaction

from droomplan.cases import selectors
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.plans.models import Action
from droomplan.plans.tests.factories import ActionFactory

pytestmark = pytest.mark.django_db
INDEX = "plans_action_open_due"


def plan_of(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # a few rows: the planner would rightly read the table; forbid that to see whether the
        # index can serve exactly the query the caseload writes
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_index_is_on_open_actions_by_due_date():
    (index,) = [i for i in Action._meta.indexes if i.name == INDEX]
    assert index.fields == ["due_date", "goal"]
    assert Action.objects.filter(index.condition).query.where == Action.objects.open().query.where


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_the_overdue_filter_and_its_count_use_the_open_actions_index(lead, programme):
    for _ in range(3):
        ActionFactory(goal__participant=ParticipantFactory(programme=programme))
    families = selectors.caseload(lead, overdue=True, today=datetime.date(2030, 1, 1))
    assert INDEX in plan_of(families)
    assert INDEX in plan_of(families.values("pk"))  # what the paginator counts
