"""Messages a coach sees are Dutch."""

import datetime
from decimal import Decimal

from django.utils import translation

from droomplan.lifedomains import validators
from droomplan.lifedomains.models import DebtRoute


def test_validation_messages_are_dutch():
    with translation.override("nl"):
        errors = validators.debt_errors(
            amount=Decimal("-5"),
            registered_on=datetime.date(2025, 3, 1),
            settled_on=datetime.date(2025, 2, 1),
            today=datetime.date(2025, 6, 1),
        )
        assert str(errors["amount"][0]) == "Het bedrag moet meer dan € 0 zijn."
        assert "vóór de datum van registratie" in str(errors["settled_on"][0])
        far = validators.housing_errors(
            date=datetime.date(2030, 1, 1), today=datetime.date(2025, 6, 1)
        )
        assert "meer dan een jaar vooruit (na 2 juni 2026)" in str(far["date"][0])


def test_route_labels_are_dutch():
    with translation.override("nl"):
        assert str(DebtRoute.CONSOLIDATION_LOAN.label) == "Saneringskrediet (Kredietbank)"
        assert str(DebtRoute.DEBT_ARRANGEMENT.label) == "Schuldregeling"
        assert str(DebtRoute.BUDGET_MANAGEMENT.label) == "Bewindvoering"


def test_section_title_names_only_the_domains_shown():
    from droomplan.lifedomains.sections import _title

    with translation.override("nl"):
        assert _title(frozenset({"finances"})) == "Schulden"
        assert _title(frozenset({"finances", "employment"})) == "Schulden en werk"
        everything = frozenset({"finances", "family_stability", "education", "employment"})
        assert _title(everything) == "Schulden, wonen, opleiding en werk"
