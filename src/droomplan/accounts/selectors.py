from django.db.models import Count, Prefetch, QuerySet
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
