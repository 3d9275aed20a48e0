from django.db.models import Count, Prefetch, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, Organisation, User


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def users_with_memberships() -> QuerySet[User]:
    return User.objects.prefetch_related(
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
