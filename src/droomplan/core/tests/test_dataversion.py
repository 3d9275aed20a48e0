"""`dataversion.cached`: the one key scheme for figures computed from the data (home counts and
headlines, the outcome report). A value is computed once per data version and key parts; a bump
(any write to the data) makes the next call compute afresh."""

from droomplan.core import dataversion


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"n": self.calls}


def test_cached_computes_once_per_version_and_parts(db):
    compute = Counter()
    first = dataversion.cached("test:x", 1, "2026-01-01", compute=compute, seconds=60)
    again = dataversion.cached("test:x", 1, "2026-01-01", compute=compute, seconds=60)
    assert first == again == {"n": 1}
    # Other parts (another programme, another day) or another name: another entry.
    assert dataversion.cached("test:x", 2, "2026-01-01", compute=compute, seconds=60) == {"n": 2}
    assert dataversion.cached("test:x", 1, "2026-01-02", compute=compute, seconds=60) == {"n": 3}
    assert dataversion.cached("test:y", 1, "2026-01-01", compute=compute, seconds=60) == {"n": 4}


def test_a_bump_makes_the_next_call_compute_afresh(db):
    compute = Counter()
    dataversion.cached("test:x", 1, compute=compute, seconds=60)
    dataversion.bump()
    assert dataversion.cached("test:x", 1, compute=compute, seconds=60) == {"n": 2}
    assert compute.calls == 2
