"""Demo life-domain facts the exchange format does not carry: the route each debt took
(stabilisation, consolidation loan...), the partner organisation of a work placement, and the
day her debts were inventoried (not for every family: the report shows those as "niet
gemeten")."""

import datetime

from droomplan.accounts.models import Organisation
from droomplan.cases.models import Participant
from droomplan.core.demo import register

from .models import DebtRoute, DebtRouteChange


@register(order=35)
def load(context) -> dict[str, int]:
    lead = context["users"]["projectleider"]
    extras = context["family_extras"]
    by_name = {o.name: o for o in Organisation.objects.all()}
    for participant in context["families"]:
        # A placement at a partner organisation links to it (the format has the name only).
        for work in participant.work.all():
            if work.employer_organisation_id is None and work.employer in by_name:
                work.employer_organisation = by_name[work.employer]
                work.save(update_fields=["employer_organisation"])
        _routes(participant, extras[participant.ref], lead)
        _inventory(participant, context["today"])
    return {}


def _inventory(participant, today: datetime.date) -> None:
    """Two weeks after the start her coach has inventoried her debts (also for the mother
    who never had debts: that is how the report knows she is debt-free)."""
    if participant.start_date is None or participant.debt_inventory_on is not None:
        return
    day = participant.start_date + datetime.timedelta(days=14)
    if day > today:
        return
    Participant.objects.filter(pk=participant.pk).update(debt_inventory_on=day)
    participant.debt_inventory_on = day


def _routes(participant, extra: dict, lead) -> None:
    """The route a debt took (stabilisation, consolidation loan, ...): steps after the first
    one the importer wrote, added once."""
    for debt in participant.debts.all():
        steps = extra["routes"].get((debt.creditor, debt.registered_on.isoformat()), [])
        if not steps or len(debt.route_changes.all()) > 1:
            continue
        DebtRouteChange.objects.filter(debt=debt).update(
            route=DebtRoute.INVENTORY, date=debt.registered_on
        )
        for route, day, note in steps:
            DebtRouteChange.objects.create(
                debt=debt, route=route, date=day, note=note, changed_by=lead
            )
        debt.route = steps[-1][0]
        debt.save(update_fields=["route"])
