"""Headline figures on the home page of the programme lead, the board and analysts. Only the
three headline metrics are computed (no measurements needed), and they are cached in the shared
cache keyed by the data version (`core.dataversion`): a write to any fact the figures read gives
a new key, so the next view recomputes, and every worker and server sees the same figures."""

from django.utils import timezone

from droomplan.access.policy import can_see_outcomes
from droomplan.accounts.models import Role
from droomplan.core import dataversion
from droomplan.core.home import register
from droomplan.programmes.selectors import default_programme

from .metrics import METRICS_BY_CODE, Selection, totals
from .report import make_value, published_as_of

HEADLINES = ["debt_free", "adequate_housing", "paid_work_within_2_years"]
HEADLINES_CACHE_SECONDS = 3600


def headline_totals(programme, as_of):
    """The counts of the headline metrics for the whole programme on `as_of`, cached."""
    return dataversion.cached(
        "outcomes:headlines",
        programme.pk,
        as_of.isoformat(),
        ",".join(HEADLINES),
        depends_on=(dataversion.OUTCOME_FACTS,),
        compute=lambda: totals(Selection(programme), as_of, codes=HEADLINES),
        seconds=HEADLINES_CACHE_SECONDS,
    )


def _headlines(request, *, external: bool) -> dict:
    programme = default_programme()
    if programme is None:
        return {"outcomes": None}
    # Outside the programme: the figures on the last published quarter end, like the page.
    today = timezone.localdate()
    as_of = published_as_of(today) if external else today
    total = headline_totals(programme, as_of)
    threshold = programme.small_cell_threshold
    return {
        "outcomes": {
            "as_of": as_of,
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
