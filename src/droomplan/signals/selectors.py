"""Reads of signals. Who may see and triage them is decided in `droomplan.access.policy`."""

import datetime

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from droomplan.access.policy import visible_signals
from droomplan.access.policy.staff import can_receive_signals, programme_leads
from droomplan.accounts.models import User
from droomplan.programmes.models import Municipality, Programme

from .models import OPEN_STATUSES, Signal, SignalRoute, SignalStatus


def is_overdue(signal: Signal, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return signal.status == SignalStatus.RECEIVED and signal.first_contact_due < today


def signal_list(
    user, *, state: str = "open", today: datetime.date | None = None
) -> QuerySet[Signal]:
    """The user's signals for the list: open ones (overdue first, then the nearest deadline)
    or closed ones (newest first). One query, whatever the number of rows."""
    today = today or timezone.localdate()
    qs = visible_signals(user).select_related("municipality", "assigned_to")
    qs = qs.annotate(
        overdue=Case(
            When(status=SignalStatus.RECEIVED, first_contact_due__lt=today, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    if state == "closed":
        return qs.exclude(status__in=OPEN_STATUSES).order_by("-closed_on", "-pk")
    return qs.filter(status__in=OPEN_STATUSES).order_by("-overdue", "first_contact_due", "pk")


def with_detail(qs: QuerySet[Signal]) -> QuerySet[Signal]:
    """What the signal page shows of a signal: its places, people and history."""
    return qs.select_related(
        "municipality", "programme", "assigned_to", "received_by", "participant"
    ).prefetch_related("history__changed_by")


def routes() -> QuerySet[SignalRoute]:
    return SignalRoute.objects.select_related("programme", "municipality", "contact").order_by(
        "programme__name", "municipality__name"
    )


def programme_for(municipality: Municipality) -> Programme | None:
    """The programme a public signal for this municipality belongs to (the oldest one that
    covers it; in practice there is one programme)."""
    return Programme.objects.filter(municipalities=municipality).order_by("pk").first()


def route_for(*, programme: Programme, municipality: Municipality) -> User | None:
    """The contact person for signals in this municipality: the configured municipal contact
    (while she is active and holds the role), otherwise a programme lead."""
    route = (
        SignalRoute.objects.select_related("contact")
        .filter(programme=programme, municipality=municipality)
        .first()
    )
    if route and can_receive_signals(route.contact):
        return route.contact
    return programme_leads().first()
