"""The business case's part of the mother's privacy rights: the spending ledger of her family
(date, amount, purpose, description). Anonymising keeps date, amount and purpose (the business
case counts them) and clears the description, free text that may name a person or a place.
No research part: the research export does not ask for spending, and amounts and dates could
single a family out."""

from django.utils.translation import gettext_lazy as _

from .models import Spending

LABEL = "programme_spending"
TITLE = _("Programme spending on the family")


def export(participant) -> list[dict]:
    return [
        {
            "date": s.date,
            "amount": str(s.amount),
            "purpose": s.get_purpose_display(),
            "description": s.description,
        }
        for s in Spending.objects.filter(participant=participant).order_by("date", "pk")
    ]


def anonymise(participant) -> int:
    return (
        Spending.objects.filter(participant=participant)
        .exclude(description="")
        .update(description="")
    )
