"""The one plan's part of the mother's privacy rights (see docs/privacy-rights.md): her
dreams, goals (with their status history), actions and her own notes on her goals."""

from django.db.models import Prefetch

from .models import Action, Dream, Goal, GoalNote, GoalStatusChange

LABEL = "plan"


def _name(user) -> str:
    return str(user) if user is not None else ""


def export(participant) -> dict:
    goals = (
        Goal.objects.filter(participant=participant)
        .select_related("dream", "child", "created_by")
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=GoalStatusChange.objects.select_related("changed_by"),
            ),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("organisation", "created_by").order_by(
                    "due_date", "pk"
                ),
            ),
            Prefetch("notes", queryset=GoalNote.objects.order_by("created_at", "pk")),
        )
        .order_by("created_at", "pk")
    )
    return {
        "dreams": [
            {"text": d.text, "created_by": _name(d.created_by), "created_at": d.created_at}
            for d in Dream.objects.filter(participant=participant).select_related("created_by")
        ],
        "goals": [
            {
                "title": g.title,
                "domain": g.get_domain_display(),
                "dream": g.dream.text if g.dream else "",
                "child": g.child.given_name if g.child else "",
                "target_date": g.target_date,
                "status": g.get_status_display(),
                "status_reason": g.status_reason,
                "created_by": _name(g.created_by),
                "created_at": g.created_at,
                "status_history": [
                    {
                        "at": c.created_at,
                        "from_status": c.get_from_status_display() if c.from_status else "",
                        "to_status": c.get_to_status_display(),
                        "reason": c.reason,
                        "changed_by": _name(c.changed_by),
                    }
                    for c in g.status_changes.all()
                ],
                "actions": [
                    {
                        "description": a.description,
                        "owner": a.get_owner_display(),
                        "organisation": a.organisation.name if a.organisation else "",
                        "due_date": a.due_date,
                        "done_on": a.done_on,
                        "created_by": _name(a.created_by),
                    }
                    for a in g.actions.all()
                ],
                "notes": [
                    {"at": n.created_at, "went_well": n.went_well, "difficult": n.difficult}
                    for n in g.notes.all()
                ],
            }
            for g in goals
        ],
    }


def anonymise(participant) -> int:
    """Remove the words (dreams, goal titles, reasons, action texts); keep domains, statuses,
    dates, owners and organisations, so goals and actions still count in the reports."""
    changed = Dream.objects.filter(participant=participant).exclude(text="").update(text="")
    goals = Goal.objects.filter(participant=participant)
    changed += goals.exclude(title="", status_reason="").update(title="", status_reason="")
    changed += (
        GoalStatusChange.objects.filter(goal__participant=participant)
        .exclude(reason="")
        .update(reason="")
    )
    changed += (
        Action.objects.filter(goal__participant=participant)
        .exclude(description="")
        .update(description="")
    )
    changed += GoalNote.objects.filter(goal__participant=participant).delete()[0]
    return changed


def research(participant) -> dict:
    """Per goal: life domain, status, dates and action counts. No titles, no dream texts."""
    goals = list(
        Goal.objects.filter(participant=participant)
        .prefetch_related("actions", "status_changes")
        .order_by("created_at", "pk")
    )
    return {
        "dreams_count": Dream.objects.filter(participant=participant).count(),
        "goals": [
            {
                "domain": g.domain,
                "status": g.status,
                "for_child": g.child_id is not None,
                "created_on": g.created_at.date(),
                "target_date": g.target_date,
                "status_history": [
                    {"to_status": c.to_status, "on": c.created_at.date()}
                    for c in g.status_changes.all()
                ],
                "actions_total": len(g.actions.all()),
                "actions_done": sum(1 for a in g.actions.all() if not a.is_open),
                "actions_by_owner": _count(a.owner for a in g.actions.all()),
            }
            for g in goals
        ],
    }


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return dict(sorted(counts.items()))
