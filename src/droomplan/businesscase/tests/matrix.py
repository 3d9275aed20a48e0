"""Ids for the access matrix (tests/test_access_matrix.py): the spending ledger is part of the
finances domain, so the credit bank (finances consent) may use it like the debts."""

from droomplan.businesscase.tests.factories import SpendingFactory

PARTNER_DOMAINS: dict[str, str] = {
    "businesscase_case:spending_list": "finances",
    "businesscase_case:spending_create": "finances",
    "businesscase_case:spending_edit": "finances",
}


def kwargs(world) -> dict:
    return {"spending_pk": SpendingFactory(participant=world["mother"]).pk}
