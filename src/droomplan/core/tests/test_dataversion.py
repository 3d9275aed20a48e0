"""`dataversion.cached`: the one key scheme for figures computed from the data (home counts and
headlines, the outcome report). A value is computed once per data version of the topics it
depends on and its key parts; a bump of one of those topics (a write to its data) makes the next
call compute afresh, a bump of another topic does not."""

import pytest

from droomplan.core import dataversion
from droomplan.core.dataversion import BUSINESS_CASE_INPUTS, CASELOADS, OUTCOME_FACTS


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"n": self.calls}


def cached(name, *parts, compute, depends_on=(OUTCOME_FACTS,)):
    return dataversion.cached(name, *parts, depends_on=depends_on, compute=compute, seconds=60)


def test_cached_computes_once_per_version_and_parts(db):
    compute = Counter()
    first = cached("test:x", 1, "2026-01-01", compute=compute)
    again = cached("test:x", 1, "2026-01-01", compute=compute)
    assert first == again == {"n": 1}
    # Other parts (another programme, another day) or another name: another entry.
    assert cached("test:x", 2, "2026-01-01", compute=compute) == {"n": 2}
    assert cached("test:x", 1, "2026-01-02", compute=compute) == {"n": 3}
    assert cached("test:y", 1, "2026-01-01", compute=compute) == {"n": 4}


def test_a_bump_makes_the_next_call_compute_afresh(db):
    compute = Counter()
    cached("test:x", 1, compute=compute)
    dataversion.bump()
    assert cached("test:x", 1, compute=compute) == {"n": 2}
    assert compute.calls == 2


def test_a_bump_of_another_topic_keeps_the_figure(db):
    """Ticking off an action (caseloads) must not make the outcome figures (about a second at
    100,000 participants) be computed again; a write to their own topic does."""
    compute = Counter()
    cached("test:x", compute=compute)
    dataversion.bump(CASELOADS)
    dataversion.bump(BUSINESS_CASE_INPUTS)
    assert cached("test:x", compute=compute) == {"n": 1}
    dataversion.bump(OUTCOME_FACTS)
    assert cached("test:x", compute=compute) == {"n": 2}


def test_a_figure_of_two_topics_follows_both(db):
    compute = Counter()
    both = (OUTCOME_FACTS, BUSINESS_CASE_INPUTS)
    cached("test:bc", compute=compute, depends_on=both)
    dataversion.bump(BUSINESS_CASE_INPUTS)
    assert cached("test:bc", compute=compute, depends_on=both) == {"n": 2}
    dataversion.bump(OUTCOME_FACTS)
    assert cached("test:bc", compute=compute, depends_on=both) == {"n": 3}
    dataversion.bump(CASELOADS)
    assert cached("test:bc", compute=compute, depends_on=both) == {"n": 3}


def test_a_topic_must_be_known_and_a_figure_must_name_one(db):
    with pytest.raises(ValueError):
        dataversion.bump("contacts")
    with pytest.raises(ValueError):
        cached("test:x", compute=Counter(), depends_on=())
