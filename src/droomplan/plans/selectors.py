"""Reads of the one plan. The participant comes from `access` (get_participant); these
functions only shape her plan for a page, in a constant number of queries."""

import datetime

from django.db.models import Count, Prefetch
from django.utils import timezone

from droomplan.access.policy import ALL_DOMAINS, Verb, can

from .models import Action, Goal, GoalStatus, open_action_q, overdue_action_q


def mark_overdue(actions, today: datetime.date | None = None) -> None:
    """Set `action.is_overdue` on each action (for templates)."""
    today = today or timezone.localdate()
    for action in actions:
        action.is_overdue = action.is_overdue_on(today)


def split_earlier(goals: list, today: datetime.date) -> tuple[list, list]:
    """(goals to show, goals finished in an earlier year): a goal achieved or stopped whose
    period ended before 1 January of this year (its target date, or without one its last
    change) is history, folded on the case page."""
    shown, earlier = [], []
    for goal in goals:
        closed = goal.status in {GoalStatus.ACHIEVED, GoalStatus.STOPPED}
        changed = timezone.localdate(goal.updated_at) if goal.updated_at else today
        period = goal.target_date or changed
        (earlier if closed and period.year < today.year else shown).append(goal)
    return shown, earlier


def plan_for(
    participant,
    user,
    *,
    today: datetime.date | None = None,
    domains: frozenset[str] | None = None,
) -> dict:
    """Everything the plan section of the case page shows (5 queries, however big the plan).

    With `domains` (the life domains this user may see, `access.policy.visible_domains`)
    short of all of them, the plan is ``scoped``: only ``goals`` of those domains (with their
    child), no dreams, in 2 queries — what a partner sees under the mother's consent.

    - ``dreams``: her dreams, first to last, each with ``plan_goals`` (goals towards it that are
      not for a child);
    - ``children``: her children, each with ``plan_goals`` (the goals for that child);
    - ``other_goals``: goals whose dream was removed;
    - dreams and children also have ``earlier_goals``: goals achieved or stopped in an earlier
      year (``split_earlier``), which the page folds away;
    - every goal has ``plan_actions`` (open first, by due date) and ``open_action_count``;
      every action has ``is_overdue``;
    - ``organisations``: the partner organisations with actions in this plan;
    - counts, ``today`` and ``can_edit`` (may this user change the plan); every goal has
      ``may_edit_actions`` (may this user add and change its actions)."""
    today = today or timezone.localdate()
    scoped = domains is not None and not domains >= ALL_DOMAINS
    can_edit = can(user, Verb.EDIT, participant)
    actions = Action.objects.select_related("organisation").order_by(
        "done_on", "due_date", "created_at", "pk"
    )
    goals_qs = Goal.objects.filter(participant=participant)
    if scoped:
        goals_qs = goals_qs.filter(domain__in=sorted(domains)).select_related("child")
    goals = list(
        goals_qs.prefetch_related(Prefetch("actions", queryset=actions)).order_by(
            "target_date", "created_at", "pk"
        )
    )
    if scoped:
        dreams, children = [], []
    else:
        dreams = list(participant.dreams.order_by("created_at", "pk"))
        children = list(participant.children.order_by("birth_date", "pk"))

    by_dream = {dream.pk: [] for dream in dreams}
    by_child = {child.pk: [] for child in children}
    other_goals = []
    all_actions = []
    organisations = {}
    for goal in goals:
        goal.plan_actions = list(goal.actions.all())
        mark_overdue(goal.plan_actions, today)
        goal.open_action_count = sum(1 for a in goal.plan_actions if a.is_open)
        goal.is_closed = goal.status in {GoalStatus.ACHIEVED, GoalStatus.STOPPED}
        goal.may_edit_actions = can_edit or can(user, Verb.EDIT, participant, domain=goal.domain)
        all_actions.extend(goal.plan_actions)
        for action in goal.plan_actions:
            if action.organisation_id:
                organisations[action.organisation_id] = action.organisation
        if scoped:
            continue  # a flat list of goals, without her dreams
        if goal.child_id in by_child:
            by_child[goal.child_id].append(goal)
        elif goal.dream_id in by_dream:
            by_dream[goal.dream_id].append(goal)
        else:
            other_goals.append(goal)
    for owner, by_owner in [*((d, by_dream) for d in dreams), *((c, by_child) for c in children)]:
        owner.plan_goals, owner.earlier_goals = split_earlier(by_owner[owner.pk], today)

    open_actions = [a for a in all_actions if a.is_open]
    return {
        "participant": participant,
        "scoped": scoped,
        "goals": goals,
        "dreams": dreams,
        "children": children,
        "other_goals": other_goals,
        "goal_count": len(goals),
        "open_action_count": len(open_actions),
        "overdue_action_count": sum(1 for a in open_actions if a.is_overdue),
        "organisations": sorted(organisations.values(), key=lambda o: o.name),
        "today": today,
        "can_edit": can_edit,
    }


def open_goals(participant, *, domains: frozenset[str], today: datetime.date | None = None) -> dict:
    """The plan on the case overview, in one query: her open goals (open or adjusted; for
    a child or towards a dream) with ``open_actions`` and ``overdue_actions`` counted, and
    how many goals are achieved or stopped (those stay on the plan's own page, the ones of
    earlier years folded there). Only goals of `domains`."""
    today = today or timezone.localdate()
    goals = list(
        Goal.objects.filter(participant=participant, domain__in=sorted(domains))
        .select_related("child")
        .annotate(
            open_actions=Count("actions", filter=open_action_q("actions__")),
            overdue_actions=Count("actions", filter=overdue_action_q(today, "actions__")),
        )
        .order_by("target_date", "created_at", "pk")
    )
    closed = {GoalStatus.ACHIEVED, GoalStatus.STOPPED}
    shown = [g for g in goals if g.status not in closed]
    return {
        "goals": shown,
        "finished_count": len(goals) - len(shown),
        "open_action_count": sum(g.open_actions for g in shown),
        "overdue_action_count": sum(g.overdue_actions for g in shown),
    }
