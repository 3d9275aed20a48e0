"""The business case's headline on the home page of the programme lead, the board and analysts:
the net return per euro for the whole programme (central scenario, with low and high beside
it). Computed without the timeline and cached in the shared cache keyed by the data version
(`core.dataversion`), like the outcome headlines (`outcomes.home`): the business case's own
inputs bump the version too (`businesscase.apps`), so the next view after a write recomputes.
Readers outside the programme get the published quarter end and nothing below the small-cell
threshold, as on the business-case page."""

from django.utils import timezone

from droomplan.access.policy import can_see_business_case
from droomplan.accounts.models import Role
from droomplan.core import dataversion
from droomplan.core.home import register
from droomplan.outcomes.metrics import Selection
from droomplan.outcomes.report import published_as_of
from droomplan.programmes.selectors import default_programme

from . import computation

HEADLINE_CACHE_SECONDS = 3600


def headline(programme, as_of, *, external: bool) -> dict:
    """The return per euro (and costs, net returns) of the whole programme, cached."""

    def compute() -> dict:
        case = computation.build(
            Selection(programme),
            as_of,
            external=external,
            with_timeline=False,
            with_breakdowns=False,
        )
        total = case.total
        data = {"as_of": case.as_of, "shown": total.shown and total.population.denominator > 0}
        if data["shown"]:
            data.update(
                per_euro={s: total.valued[s].per_euro for s in computation.SCENARIOS},
                costs=total.valued["central"].total_costs,
                net=total.valued["central"].total_net,
            )
        return data

    return dataversion.cached(
        "businesscase:headline",
        programme.pk,
        as_of.isoformat(),
        int(external),
        depends_on=(dataversion.OUTCOME_FACTS, dataversion.BUSINESS_CASE_INPUTS),
        compute=compute,
        seconds=HEADLINE_CACHE_SECONDS,
    )


def _headline(request, *, external: bool) -> dict:
    programme = default_programme()
    if programme is None:
        return {"business_case": None}
    today = timezone.localdate()
    as_of = published_as_of(today) if external else today
    return {"business_case": headline(programme, as_of, external=external)}


TEMPLATE = "businesscase/home/headline.html"


@register(Role.PROGRAMME_LEAD, template=TEMPLATE, when=can_see_business_case)
def lead_headline(request) -> dict:
    return _headline(request, external=False)


@register(Role.BOARD, template=TEMPLATE, when=can_see_business_case)
def board_headline(request) -> dict:
    return _headline(request, external=True)


@register(Role.ANALYST, template=TEMPLATE, when=can_see_business_case)
def analyst_headline(request) -> dict:
    return _headline(request, external=True)
