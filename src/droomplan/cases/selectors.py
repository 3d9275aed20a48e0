"""Reads of case data. Every function starts from `access.visible_participants`."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from droomplan.access.policy import visible_participants
from droomplan.plans.models import Action as PlanAction

from .models import CoachAssignment, Participant, Status


def caseload(
    user,
    *,
    search: str = "",
    cohort: int | None = None,
    status: str = "",
    municipality: int | None = None,
    domain: str = "",
    overdue: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Participant]:
    """The families this user may see, filtered, with what the list shows (constant queries)."""
    today = today or timezone.localdate()
    open_actions = PlanAction.objects.filter(goal__participant=OuterRef("pk"), done_on__isnull=True)
    current = CoachAssignment.objects.filter(participant=OuterRef("pk"), ended_on__isnull=True)
    qs = (
        visible_participants(user)
        .select_related("cohort", "municipality")
        .annotate(
            current_coach_id=Subquery(current.values("coach_id")[:1]),
            current_coach_first=Subquery(current.values("coach__first_name")[:1]),
            current_coach_last=Subquery(current.values("coach__last_name")[:1]),
            open_action_count=Count(
                "goals__actions", filter=Q(goals__actions__done_on__isnull=True), distinct=True
            ),
            overdue_action_count=Count(
                "goals__actions",
                filter=Q(goals__actions__done_on__isnull=True, goals__actions__due_date__lt=today),
                distinct=True,
            ),
        )
    )
    if search:
        terms = search.split()
        for term in terms:
            qs = qs.filter(
                Q(given_name__icontains=term)
                | Q(family_name__icontains=term)
                | Q(ref__icontains=term)
            )
    if cohort:
        qs = qs.filter(cohort_id=cohort)
    if status in Status.values:
        qs = qs.filter(status=status)
    if municipality:
        qs = qs.filter(municipality_id=municipality)
    if domain:
        qs = qs.filter(Exists(open_actions.filter(goal__domain=domain)))
    if overdue:
        qs = qs.filter(Exists(open_actions.filter(due_date__lt=today)))
    return qs.order_by("family_name", "given_name", "pk")


@dataclass(frozen=True)
class TimelineItem:
    date: datetime.date
    at: datetime.datetime
    kind: str  # contact, status, coach, goal
    title: str
    text: str
    obj: object


def current_assignment(participant: Participant) -> CoachAssignment | None:
    return (
        participant.coach_assignments.filter(ended_on__isnull=True).select_related("coach").first()
    )
