"""Ids for the access matrix: an escalation of the matrix's mother (withdraw page)."""

from .factories import EscalationFactory


def kwargs(world) -> dict:
    mother = world["mother"]
    goal = mother.goals.first()
    escalation = EscalationFactory(goal=goal, participant=mother)
    return {"escalation_pk": escalation.pk}
