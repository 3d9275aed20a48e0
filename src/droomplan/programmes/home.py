from django.db.models import Count, Q

from droomplan.accounts.models import Organisation, Role, User
from droomplan.core.home import register

from .models import Cohort, Programme
from .views import programme_managers


@register(Role.ADMIN, when=programme_managers.predicate)
def admin_overview(request) -> dict:
    return {
        "organisation_count": Organisation.objects.count(),
        "user_count": User.objects.filter(is_active=True).count(),
        "programme_count": Programme.objects.count(),
    }


@register(Role.PROGRAMME_LEAD, when=programme_managers.predicate)
def programme_overview(request) -> dict:
    return {
        "programme_count": Programme.objects.count(),
        "cohort_count": Cohort.objects.count(),
        "coach_count": User.objects.filter(is_active=True).aggregate(
            n=Count("pk", filter=Q(memberships__role=Role.COACH), distinct=True)
        )["n"],
    }
