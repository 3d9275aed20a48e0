"""Ids for the access matrix (tests/test_access_matrix.py) and the life domain of each page,
so the consent tests know which scope a partner needs."""

import datetime

from droomplan.lifedomains.tests.factories import (
    DebtFactory,
    EducationFactory,
    HousingStatusFactory,
    WorkPlacementFactory,
)

#: URL name → the life domain a partner needs consent for to use the page.
PARTNER_DOMAINS: dict[str, str] = {
    "lifedomains:debt_create": "finances",
    "lifedomains:debt_inventory": "finances",
    "lifedomains:debt_edit": "finances",
    "lifedomains:debt_route": "finances",
    "lifedomains:debt_route_undo": "finances",
    "lifedomains:debt_delete": "finances",
    "lifedomains:housing_create": "family_stability",
    "lifedomains:housing_edit": "family_stability",
    "lifedomains:housing_delete": "family_stability",
    "lifedomains:education_create": "education",
    "lifedomains:education_edit": "education",
    "lifedomains:education_delete": "education",
    "lifedomains:work_create": "employment",
    "lifedomains:work_edit": "employment",
    "lifedomains:work_delete": "employment",
}


def kwargs(world) -> dict:
    mother = world["mother"]
    debt = DebtFactory(participant=mother, creditor="Zorgverzekeraar")
    return {
        "debt_pk": debt.pk,
        "housing_pk": HousingStatusFactory(participant=mother).pk,
        "education_pk": EducationFactory(participant=mother).pk,
        "work_pk": WorkPlacementFactory(
            participant=mother, started_on=datetime.date(2025, 6, 1)
        ).pk,
    }
