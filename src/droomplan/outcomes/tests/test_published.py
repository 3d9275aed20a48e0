"""The figures the programme published for its first two groups of ten (OUTCOMES.md),
reproduced from a hand-built dataset of two cohorts of ten."""

import datetime

import pytest

from droomplan.outcomes import metrics
from droomplan.outcomes.metrics import Selection

from .factories import published_dataset

PUBLISHED = {
    "debt_free": 100.0,
    "adequate_housing": 100.0,
    "self_reliance_2_steps": 100.0,
    "less_stress": 80.0,
    "executive_functions_growth": 80.0,
    "education_started_or_completed": 60.0,
    "paid_work_within_2_years": 40.0,
    "paid_work_after_2_years": 60.0,
}


@pytest.mark.django_db
def test_the_published_figures(programme):
    published_dataset(programme)
    figures = metrics.compute(Selection(programme), datetime.date(2026, 6, 30))
    assert figures.population == 20
    assert {code: r.percentage for code, r in figures.metrics.items()} == PUBLISHED
    assert all(r.denominator == 20 for r in figures.metrics.values())
