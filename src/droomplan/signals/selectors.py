"""Reads of signals, and who may see and triage them.

`visible_signals` and `can_triage` are access rules; they belong in `droomplan.access.policy`
and live here only until that module is free to change (see docs/signals.md)."""

import datetime

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from droomplan.accounts.models import Role, User
from droomplan.cases.models import CoachAssignment

from .models import OPEN_STATUSES, Signal, SignalRoute, SignalStatus

MANAGE_ROUTES_ROLES = (Role.PROGRAMME_LEAD, Role.ADMIN)
LIST_ROLES = (Role.PROGRAMME_LEAD, Role.MUNICIPAL_CONTACT)
PHONE_ROLES = (Role.PROGRAMME_LEAD, Role.MUNICIPAL_CONTACT, Role.COACH)


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def visible_signals(user) -> QuerySet[Signal]:
    """The signals this user may open.

    Programme lead: all. Municipal contact: the signals of the municipalities routed to her,
    and the ones assigned to her. Coach: the signals behind the families she coaches now.
    Everyone else: none."""
    qs = Signal.objects.all()
    if not _active(user):
        return qs.none()
    roles = user.roles
    if Role.PROGRAMME_LEAD in roles:
        return qs
    conditions = Q(pk__in=[])
    if Role.MUNICIPAL_CONTACT in roles:
        routed = SignalRoute.objects.filter(
            contact=user, programme=OuterRef("programme"), municipality=OuterRef("municipality")
        )
        conditions |= Q(assigned_to=user) | Q(Exists(routed))
    if Role.COACH in roles:
        coached = CoachAssignment.objects.filter(
            participant=OuterRef("participant"), coach=user, ended_on__isnull=True
        )
        conditions |= Q(participant__isnull=False) & Q(Exists(coached))
    return qs.filter(conditions)


def can_triage(user, signal: Signal) -> bool:
    """May this user change the status of `signal`? The programme lead and the municipal
    contact who sees it; not the coach (she only reads the signal behind her family)."""
    if not _active(user):
        return False
    roles = user.roles
    if Role.PROGRAMME_LEAD in roles:
        return True
    if Role.MUNICIPAL_CONTACT in roles:
        return visible_signals(user).filter(pk=signal.pk).exists()
    return False


def can_list(user) -> bool:
    return _active(user) and user.has_role(*LIST_ROLES)


def can_register_by_phone(user) -> bool:
    return _active(user) and user.has_role(*PHONE_ROLES)


def can_manage_routes(user) -> bool:
    return _active(user) and user.has_role(*MANAGE_ROUTES_ROLES)


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


def signal_detail(pk) -> Signal | None:
    return (
        Signal.objects.select_related(
            "municipality", "programme", "assigned_to", "received_by", "participant"
        )
        .prefetch_related("history__changed_by")
        .filter(pk=pk)
        .first()
    )


def routes() -> QuerySet[SignalRoute]:
    return SignalRoute.objects.select_related("programme", "municipality", "contact").order_by(
        "programme__name", "municipality__name"
    )


def municipal_contacts() -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.MUNICIPAL_CONTACT,
            memberships__organisation__is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
