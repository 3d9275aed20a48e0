from django.db.models import Count, Prefetch, Q, QuerySet
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import (
    Membership,
    Organisation,
    RoleChangeRequest,
    RoleChangeStatus,
    SecurityEvent,
    User,
)


def has_confirmed_device(user: User) -> bool:
    """Has she set up an authenticator app (then every login needs its code)?"""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def used_recovery_code(device: Device | None) -> bool:
    return isinstance(device, StaticDevice)


def people() -> QuerySet[User]:
    """Every account but those of application tokens (a token's account is managed on the
    token pages: it must not get another role or a password)."""
    return User.objects.filter(application_token__isnull=True)


def users_with_memberships() -> QuerySet[User]:
    return people().prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation"))
    )


def organisations_with_counts() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(member_count=Count("memberships__user", distinct=True))


def search_users(
    *,
    query: str = "",
    role: str = "",
    organisation: Organisation | None = None,
) -> QuerySet[User]:
    """Users matching every word of ``query`` (in name, username or e-mail), holding ``role``
    and/or a membership of ``organisation``; memberships come prefetched."""
    users = users_with_memberships()
    for word in query.split():
        users = users.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
            | Q(email__icontains=word)
        )
    if role or organisation is not None:
        memberships = Membership.objects.all()
        if role:
            memberships = memberships.filter(role=role)
        if organisation is not None:
            memberships = memberships.filter(organisation=organisation)
        # A subquery instead of a join: no duplicate rows, no DISTINCT needed.
        users = users.filter(pk__in=memberships.values("user_id"))
    return users


def security_events(*, person: str = "", kind: str = "") -> QuerySet[SecurityEvent]:
    """The security log, newest first: entries about or by ``person`` (a username), of
    ``kind``. Paginate it."""
    events = SecurityEvent.objects.all()
    if person:
        events = events.filter(
            Q(subject_username__iexact=person) | Q(actor_username__iexact=person)
        )
    if kind:
        events = events.filter(kind=kind)
    return events


def pending_role_requests() -> QuerySet[RoleChangeRequest]:
    return RoleChangeRequest.objects.filter(status=RoleChangeStatus.PENDING).select_related(
        "user", "requested_by", "organisation"
    )


def pending_role_requests_of(user: User) -> QuerySet[RoleChangeRequest]:
    return pending_role_requests().filter(user=user)


def decided_role_requests() -> QuerySet[RoleChangeRequest]:
    return (
        RoleChangeRequest.objects.exclude(status=RoleChangeStatus.PENDING)
        .select_related("user", "requested_by", "decided_by", "organisation")
        .order_by("-decided_at", "-id")
    )
