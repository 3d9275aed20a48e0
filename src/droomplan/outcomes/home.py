"""Headline figures on the home page of the programme lead, the board and analysts."""

from django.utils import timezone

from droomplan.accounts.models import Role
from droomplan.core.home import register

from . import report
from .metrics import Selection
from .selection import default_programme

HEADLINES = ["debt_free", "adequate_housing", "paid_work_within_2_years"]


def _headlines(request, *, external: bool) -> dict:
    programme = default_programme()
    if programme is None:
        return {"outcomes": None}
    built = report.build(
        Selection(programme), timezone.localdate(), external=external, breakdowns=False
    )
    return {
        "outcomes": {
            "report": built,
            "headlines": [(m, v) for m, v in built.rows() if m.code in HEADLINES],
        }
    }


@register(Role.PROGRAMME_LEAD, template="outcomes/home/headlines.html")
def lead_headlines(request) -> dict:
    return _headlines(request, external=False)


@register(Role.BOARD, template="outcomes/home/headlines.html")
def board_headlines(request) -> dict:
    return _headlines(request, external=True)


@register(Role.ANALYST, template="outcomes/home/headlines.html")
def analyst_headlines(request) -> dict:
    return _headlines(request, external=True)
