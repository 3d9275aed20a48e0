"""Escalations in the mother's privacy rights: what her coach asked the board, the advice
and the decision. Anonymising empties the free text and keeps kind, dates and status (the
cooperative's figures)."""

from django.db import transaction

from .models import Decision, Escalation

LABEL = "escalations"


def _name(user) -> str:
    return str(user) if user is not None else ""


def _date(value) -> str:
    return value.isoformat() if value else ""


def export(participant) -> list[dict]:
    escalations = (
        Escalation.objects.filter(participant=participant)
        .select_related(
            "goal",
            "action",
            "opened_by",
            "advice_by",
            "decision__organisation",
            "decision__carried_out_by",
            "decision__decided_by",
        )
        .order_by("opened_on", "pk")
    )
    result = []
    for e in escalations:
        decision = getattr(e, "decision", None)
        result.append(
            {
                "goal": e.goal.title if e.goal else "",
                "action": e.action.description if e.action else "",
                "kind": e.get_kind_display(),
                "barrier": e.barrier,
                "tried": e.tried,
                "asked": e.asked,
                "opened_by": _name(e.opened_by),
                "opened_on": _date(e.opened_on),
                "deadline": _date(e.deadline),
                "status": e.get_status_display(),
                "advice": e.advice,
                "advice_by": _name(e.advice_by),
                "advice_on": _date(e.advice_on),
                "withdrawn_reason": e.withdrawn_reason,
                "decision": None
                if decision is None
                else {
                    "text": decision.text,
                    "organisation": decision.organisation.name,
                    "contact_person": _name(decision.carried_out_by),
                    "due_date": _date(decision.due_date),
                    "decided_by": _name(decision.decided_by),
                    "decided_on": _date(decision.decided_on),
                },
            }
        )
    return result


# What she never sees herself (docs/portal.md): the programme lead's advice to the board. She
# sees that the escalation exists, what was asked and the board's decision.
NOT_FOR_HER = ("advice", "advice_by", "advice_on")


def for_participant(content: list) -> list:
    """Her own copy from her portal: without the advice to the board."""
    return [{k: v for k, v in row.items() if k not in NOT_FOR_HER} for row in content]


@transaction.atomic
def anonymise(participant) -> int:
    escalations = Escalation.objects.filter(participant=participant)
    changed = escalations.update(barrier="", tried="", asked="", advice="", withdrawn_reason="")
    changed += Decision.objects.filter(escalation__participant=participant).update(text="")
    return changed
