import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from droomplan.lifedomains.models import DebtRoute

from .factories import DebtFactory, EducationFactory, HousingStatusFactory, WorkPlacementFactory

pytestmark = pytest.mark.django_db


def test_factories_make_valid_records():
    debt = DebtFactory()
    debt.full_clean()
    assert debt.route == DebtRoute.INVENTORY
    assert debt.route_changes.count() == 1
    settled = DebtFactory(settled_on=datetime.date(2025, 6, 1))
    settled.full_clean()
    assert settled.route == DebtRoute.PAID_OFF
    HousingStatusFactory().full_clean()
    EducationFactory().full_clean()
    WorkPlacementFactory().full_clean()


def test_debt_clean_refuses_negative_amount_and_settled_before_registered():
    debt = DebtFactory.build(
        amount=Decimal("-5"),
        registered_on=datetime.date(2025, 3, 1),
        settled_on=datetime.date(2025, 2, 1),
    )
    with pytest.raises(ValidationError) as exc:
        debt.clean()
    assert set(exc.value.message_dict) == {"amount", "settled_on"}
