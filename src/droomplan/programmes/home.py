from droomplan.access.policy import can_manage_programmes, staff
from droomplan.accounts.models import Organisation, Role, User
from droomplan.core.home import register

from .models import Cohort, Programme


@register(Role.ADMIN, when=can_manage_programmes)
def admin_overview(request) -> dict:
    return {
        "organisation_count": Organisation.objects.count(),
        "user_count": User.objects.filter(is_active=True).count(),
        "programme_count": Programme.objects.count(),
    }


@register(Role.PROGRAMME_LEAD, when=can_manage_programmes)
def programme_overview(request) -> dict:
    return {
        "programme_count": Programme.objects.count(),
        "cohort_count": Cohort.objects.count(),
        "coach_count": staff.coaches().count(),
    }
