"""With the demo data the business case shows costs, returns and the return per euro at three
levels for every cohort and the programme (issue 22, "Done when")."""

import pytest
from django.utils import timezone

from droomplan.businesscase import computation
from droomplan.businesscase.models import Assumption, PartnerContribution, Spending
from droomplan.core.demo import load_demo
from droomplan.outcomes.metrics import Selection
from droomplan.programmes.selectors import default_programme

pytestmark = pytest.mark.django_db


def test_demo_business_case():
    load_demo()
    counts = Assumption.objects.count(), PartnerContribution.objects.count()
    spending = Spending.objects.count()
    assert spending and all(counts)
    case = computation.build(Selection(default_programme()), timezone.localdate(), external=False)
    assert not case.not_valued or {a.code for a in case.not_valued} == {"education_value"}
    for row in [case.total, *case.cohorts]:
        for s in computation.SCENARIOS:
            valued = row.valued[s]
            assert valued.total_costs > 0
            assert valued.total_net > 0
            assert valued.per_euro is not None
        assert row.valued["low"].per_euro <= row.valued["central"].per_euro
        assert row.valued["central"].per_euro <= row.valued["high"].per_euro
    assert case.timeline
    load_demo()  # idempotent
    assert (Assumption.objects.count(), PartnerContribution.objects.count()) == counts
    assert Spending.objects.count() == spending
