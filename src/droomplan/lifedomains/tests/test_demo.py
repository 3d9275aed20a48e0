import pytest
from django.utils import timezone

from droomplan.cases.models import Participant
from droomplan.core.demo import load_demo
from droomplan.lifedomains import selectors
from droomplan.lifedomains.models import Debt, DebtRoute, WorkPlacement

pytestmark = pytest.mark.django_db


def test_demo_has_debt_free_and_open_families_and_partner_internships():
    load_demo()
    counts = Debt.objects.count(), WorkPlacement.objects.count()
    today = timezone.localdate()
    free, open_, none = [], [], []
    for participant in Participant.objects.filter(start_date__isnull=False):
        situation = selectors.debt_situation(selectors.debts_for(participant), today)
        if not situation.has_debts:
            none.append(participant.ref)
        elif situation.debt_free_since:
            free.append(participant.ref)
        else:
            open_.append(participant.ref)
    assert free and open_ and none
    assert "DM-0003" in open_
    assert Debt.objects.filter(route_changes__route=DebtRoute.CONSOLIDATION_LOAN).exists()
    assert WorkPlacement.objects.filter(
        kind="internship", employer_organisation__isnull=False
    ).exists()
    load_demo()  # idempotent
    assert (Debt.objects.count(), WorkPlacement.objects.count()) == counts
