"""The life domains' part of the mother's privacy rights (see docs/lifedomains.md): her
debts (with their route), housing history, educations and work.

Anonymising keeps what the outcome report counts (amounts, dates, routes, kinds, adequate
yes/no, education level, partner organisation as employer) and removes every text typed about
her: notes, the housing situation, creditor and employer names (a creditor or small employer can
be a person she knows: an ex-partner, a relative, the corner shop), the name of the education
and its school."""

from django.db.models import Prefetch, Q

from .models import Debt, DebtRouteChange, Education, HousingStatus, WorkPlacement

LABEL = "life_domains"


def export(participant) -> dict:
    debts = (
        Debt.objects.filter(participant=participant)
        .prefetch_related(
            Prefetch("route_changes", queryset=DebtRouteChange.objects.order_by("date", "pk"))
        )
        .order_by("registered_on", "pk")
    )
    return {
        "debts": [
            {
                "creditor": d.creditor,
                "amount": str(d.amount),
                "registered_on": d.registered_on,
                "settled_on": d.settled_on,
                "route": d.get_route_display(),
                "note": d.note,
                "route_history": [
                    {"date": c.date, "route": c.get_route_display(), "note": c.note}
                    for c in d.route_changes.all()
                ],
            }
            for d in debts
        ],
        "housing": [
            {
                "date": h.date,
                "kind": h.get_kind_display(),
                "adequate": h.adequate,
                "situation": h.situation,
                "note": h.note,
            }
            for h in HousingStatus.objects.filter(participant=participant).order_by("date", "pk")
        ],
        "education": [
            {
                "name": e.name,
                "level": e.level,
                "institution": e.institution,
                "started_on": e.started_on,
                "completed_on": e.completed_on,
                "stopped_on": e.stopped_on,
                "note": e.note,
            }
            for e in Education.objects.filter(participant=participant).order_by("started_on", "pk")
        ],
        "work": [
            {
                "kind": w.get_kind_display(),
                "employer": w.employer_name,
                "started_on": w.started_on,
                "ended_on": w.ended_on,
                "hours_per_week": str(w.hours_per_week) if w.hours_per_week is not None else None,
                "note": w.note,
            }
            for w in WorkPlacement.objects.filter(participant=participant)
            .select_related("employer_organisation")
            .order_by("started_on", "pk")
        ],
    }


def anonymise(participant) -> int:
    """Clear names and free text; keep figures, dates, routes and kinds. Returns the number
    of records changed."""
    changed = (
        Debt.objects.filter(participant=participant)
        .exclude(creditor="", note="")
        .update(creditor="", note="")
    )
    changed += (
        DebtRouteChange.objects.filter(debt__participant=participant)
        .exclude(note="")
        .update(note="")
    )
    changed += (
        HousingStatus.objects.filter(participant=participant)
        .exclude(situation="", note="")
        .update(situation="", note="")
    )
    changed += (
        Education.objects.filter(participant=participant)
        .filter(~Q(name="") | ~Q(institution="") | ~Q(note=""))
        .update(name="", institution="", note="")
    )
    changed += (
        WorkPlacement.objects.filter(participant=participant)
        .filter(~Q(employer="") | ~Q(note=""))
        .update(employer="", note="")
    )
    return changed


def research(participant) -> dict:
    """Figures only: amounts, dates, routes, kinds. No names, no texts."""
    return {
        "debts": [
            {
                "amount": str(d.amount),
                "registered_on": d.registered_on,
                "settled_on": d.settled_on,
                "route": d.route,
            }
            for d in Debt.objects.filter(participant=participant).order_by("registered_on", "pk")
        ],
        "housing": [
            {"date": h.date, "kind": h.kind, "adequate": h.adequate}
            for h in HousingStatus.objects.filter(participant=participant).order_by("date", "pk")
        ],
        "education": [
            {
                "level": e.level,
                "started_on": e.started_on,
                "completed_on": e.completed_on,
                "stopped_on": e.stopped_on,
            }
            for e in Education.objects.filter(participant=participant).order_by("started_on", "pk")
        ],
        "work": [
            {
                "kind": w.kind,
                "at_partner": w.employer_organisation_id is not None,
                "started_on": w.started_on,
                "ended_on": w.ended_on,
                "hours_per_week": str(w.hours_per_week) if w.hours_per_week is not None else None,
            }
            for w in WorkPlacement.objects.filter(participant=participant).order_by(
                "started_on", "pk"
            )
        ],
    }
