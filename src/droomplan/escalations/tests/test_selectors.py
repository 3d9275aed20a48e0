"""Reads of escalations for the case page."""

import datetime

import pytest

from droomplan.escalations.models import EscalationStatus
from droomplan.escalations.selectors import counts_for, for_participant
from droomplan.escalations.tests.factories import EscalationFactory
from droomplan.plans.tests.factories import GoalFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_the_overview_counts_what_the_section_lists_in_one_query(
    mother, goal, today, django_assert_num_queries
):
    """Issue 18: the overview's counts come from one small query (no objects, none of the
    list's joins) and agree with the escalations the section lists for those domains."""
    well_being = GoalFactory(participant=mother, domain="well_being")
    EscalationFactory(goal=goal, participant=mother, deadline=today - DAY)  # late
    EscalationFactory(goal=goal, participant=mother, deadline=today)  # due today: not late
    EscalationFactory(
        goal=goal, participant=mother, status=EscalationStatus.ADVISED, deadline=today - DAY
    )
    EscalationFactory(goal=goal, participant=mother, status=EscalationStatus.DECIDED)
    EscalationFactory(goal=None, participant=mother, deadline=today + DAY)
    EscalationFactory(goal=well_being, participant=mother, deadline=today - DAY)
    for domains in ({goal.domain}, {goal.domain, "well_being"}, {"children"}):
        domains = frozenset(domains)
        listed = [e for e in for_participant(mother) if e.goal is None or e.goal.domain in domains]
        with django_assert_num_queries(1):
            counts = counts_for(mother, domains, today=today)
        waiting = [
            e for e in listed if e.status in (EscalationStatus.OPEN, EscalationStatus.ADVISED)
        ]
        assert (counts.total, counts.waiting, counts.late) == (
            len(listed),
            len(waiting),
            sum(1 for e in waiting if e.is_overdue),
        )
    assert counts_for(mother, frozenset({goal.domain}), today=today).late == 2
