"""Issue 18: the lead's work list reads the first families on the waiting list and the first
intakes without a decision through partial indexes in their order (`cases.Participant`'s
`participant_waiting_intake` and `participant_intake_undecided`), not by filtering every
current family (2,000 at 100,000 participants) and sorting them."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from droomplan.attention.worklist import work_lists
from droomplan.cases.models import Status
from droomplan.cases.tests.factories import ParticipantFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL plan"),
]


def plan(sql: str) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # few rows: see what can serve it
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_waiting_list_and_intakes_are_read_through_their_indexes(lead, programme):
    for waiting in (True, False):
        ParticipantFactory(programme=programme, on_waiting_list=waiting)  # intake
        ParticipantFactory(programme=programme, active=True, on_waiting_list=waiting)
        ParticipantFactory(
            programme=programme,
            status=Status.ENDED,
            start_date=datetime.date(2025, 2, 1),
            end_date=datetime.date(2025, 12, 1),
            on_waiting_list=waiting,
        )
    lead.active_memberships()
    with CaptureQueriesContext(connection) as captured:
        work_lists(lead)
    lists = [q["sql"] for q in captured.captured_queries if '"on_waiting_list"' in q["sql"]]
    waiting = [sql for sql in lists if 'WHERE ("cases_participant"."on_waiting_list"' in sql]
    intakes = [sql for sql in lists if 'NOT "cases_participant"."on_waiting_list"' in sql]
    assert len(waiting) == len(intakes) == 1, lists
    assert "participant_waiting_intake" in plan(waiting[0])
    assert "participant_intake_undecided" in plan(intakes[0])
