import datetime
from collections.abc import Iterable

from django.db import transaction

from .models import Cohort, Municipality, Programme


@transaction.atomic
def create_municipality(*, cbs_code: str, name: str) -> Municipality:
    municipality = Municipality(cbs_code=cbs_code, name=name)
    municipality.full_clean()
    municipality.save()
    return municipality


@transaction.atomic
def update_municipality(*, municipality: Municipality, cbs_code: str, name: str) -> Municipality:
    municipality.cbs_code = cbs_code
    municipality.name = name
    municipality.full_clean()
    municipality.save()
    return municipality


SETTING_FIELDS = (
    "baseline_window_weeks",
    "follow_up_months",
    "retention_years",
    "signal_first_contact_days",
    "signal_retention_months",
    "escalation_deadline_days",
    "contact_gap_weeks",
    "small_cell_threshold",
)


def _closing_days(days: Iterable[datetime.date]) -> list[str]:
    return [day.isoformat() for day in sorted(set(days))]


def _apply_settings(programme: Programme, settings: dict[str, int]) -> None:
    unknown = set(settings) - set(SETTING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown programme settings: {sorted(unknown)}")
    for field, value in settings.items():
        setattr(programme, field, value)


@transaction.atomic
def create_programme(
    *,
    code: str,
    name: str,
    max_age_at_intake: int,
    cohort_size: int,
    municipalities: Iterable[Municipality] = (),
    closing_days: Iterable[datetime.date] = (),
    **settings: int,
) -> Programme:
    """`settings`: the programme's other numbers (SETTING_FIELDS); absent ones keep defaults.
    `closing_days`: days it is closed besides weekends and public holidays."""
    programme = Programme(
        code=code,
        name=name,
        max_age_at_intake=max_age_at_intake,
        cohort_size=cohort_size,
        closing_days=_closing_days(closing_days),
    )
    _apply_settings(programme, settings)
    programme.full_clean()
    programme.save()
    programme.municipalities.set(municipalities)
    return programme


@transaction.atomic
def update_programme(
    *,
    programme: Programme,
    code: str,
    name: str,
    max_age_at_intake: int,
    cohort_size: int,
    municipalities: Iterable[Municipality],
    closing_days: Iterable[datetime.date] | None = None,
    **settings: int,
) -> Programme:
    """`closing_days`: None keeps them as they are."""
    programme.code = code
    programme.name = name
    programme.max_age_at_intake = max_age_at_intake
    programme.cohort_size = cohort_size
    if closing_days is not None:
        programme.closing_days = _closing_days(closing_days)
    _apply_settings(programme, settings)
    programme.full_clean()
    programme.save()
    programme.municipalities.set(municipalities)
    return programme


@transaction.atomic
def create_cohort(
    *, programme: Programme, code: str, name: str, start_date: datetime.date
) -> Cohort:
    cohort = Cohort(programme=programme, code=code, name=name, start_date=start_date)
    cohort.full_clean()
    cohort.save()
    return cohort


@transaction.atomic
def update_cohort(*, cohort: Cohort, code: str, name: str, start_date: datetime.date) -> Cohort:
    cohort.code = code
    cohort.name = name
    cohort.start_date = start_date
    cohort.full_clean()
    cohort.save()
    return cohort
