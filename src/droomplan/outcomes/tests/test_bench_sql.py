"""Keeps the benchmark honest: its hand-written PostgreSQL query gives the same numbers as the
metrics on a small hand-built dataset (runs when the tests run on PostgreSQL)."""

import datetime
import importlib.util
from pathlib import Path

import pytest
from django.db import connection

from droomplan.outcomes import metrics
from droomplan.outcomes.metrics import Selection

from .factories import brug, debt, housing, ladder, mother, pss, published_dataset, work

BENCH = Path(__file__).resolve().parents[4] / "benchmarks" / "bench_outcomes.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_outcomes", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
@pytest.mark.skipif(not BENCH.exists(), reason="benchmarks/ is not part of an installed package")
def test_hand_written_sql_gives_the_same_numbers(programme):
    if connection.vendor != "postgresql":
        pytest.skip("the hand-written benchmark query is PostgreSQL SQL")
    published_dataset(programme)
    D = datetime.date
    leap = mother(programme, D(2024, 2, 29))
    work(leap, D(2026, 2, 28))
    debt(leap, D(2024, 3, 1), D(2026, 6, 30))
    housing(leap, D(2026, 7, 1), True)
    one = mother(programme, D(2025, 1, 1))
    brug(one, D(2025, 1, 5), 10)
    ladder(one, D(2026, 1, 5), 4)
    pss(one, D(2026, 1, 5), 2)
    for as_of in [D(2026, 6, 30), D(2026, 2, 28), D(2025, 3, 31)]:
        figures = metrics.compute(Selection(programme), as_of)
        hand = _bench().hand_written(programme, as_of)
        assert hand["population"] == figures.population
        for code in metrics.CODES:
            assert hand[code] == figures.metrics[code].numerator, (as_of, code)
        after = figures.metrics["paid_work_after_2_years"].denominator
        assert hand["after_2_years_denominator"] == after
