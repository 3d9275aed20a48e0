from django.db.models import Count, QuerySet

from .models import Cohort, Municipality, Programme


def programmes_with_counts() -> QuerySet[Programme]:
    return Programme.objects.annotate(
        municipality_count=Count("municipalities", distinct=True),
        cohort_count=Count("cohorts", distinct=True),
    ).order_by("name")


def programme_with_municipalities() -> QuerySet[Programme]:
    return Programme.objects.prefetch_related("municipalities")


def cohorts_of(programme: Programme) -> QuerySet[Cohort]:
    return Cohort.objects.filter(programme=programme).order_by("start_date", "code")


def municipalities_with_counts() -> QuerySet[Municipality]:
    return Municipality.objects.annotate(programme_count=Count("programmes")).order_by("name")


def default_programme() -> Programme | None:
    """The programme when there is exactly one, else None (then the user must choose)."""
    programmes = list(Programme.objects.order_by("pk")[:2])
    return programmes[0] if len(programmes) == 1 else None
