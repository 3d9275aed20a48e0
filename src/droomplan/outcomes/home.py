"""Headline figures on the home page of the programme lead, the board and analysts. Only the
three headline metrics are computed (no measurements needed), so the home page stays quick."""

from django.utils import timezone

from droomplan.access.policy import can_see_outcomes
from droomplan.accounts.models import Role
from droomplan.core.home import register

from .metrics import METRICS_BY_CODE, Selection, totals
from .report import make_value
from .selection import default_programme

HEADLINES = ["debt_free", "adequate_housing", "paid_work_within_2_years"]


def _headlines(request, *, external: bool) -> dict:
    programme = default_programme()
    if programme is None:
        return {"outcomes": None}
    total = totals(Selection(programme), timezone.localdate(), codes=HEADLINES)
    threshold = programme.small_cell_threshold
    return {
        "outcomes": {
            "population": total.population,
            "headlines": [
                (
                    METRICS_BY_CODE[code],
                    make_value(*total.counts[code], external=external, threshold=threshold),
                )
                for code in HEADLINES
            ],
        }
    }


@register(Role.PROGRAMME_LEAD, template="outcomes/home/headlines.html", when=can_see_outcomes)
def lead_headlines(request) -> dict:
    return _headlines(request, external=False)


@register(Role.BOARD, template="outcomes/home/headlines.html", when=can_see_outcomes)
def board_headlines(request) -> dict:
    return _headlines(request, external=True)


@register(Role.ANALYST, template="outcomes/home/headlines.html", when=can_see_outcomes)
def analyst_headlines(request) -> dict:
    return _headlines(request, external=True)
