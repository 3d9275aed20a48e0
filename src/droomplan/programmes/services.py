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


@transaction.atomic
def create_programme(
    *,
    code: str,
    name: str,
    max_age_at_intake: int,
    cohort_size: int,
    municipalities: Iterable[Municipality] = (),
) -> Programme:
    programme = Programme(
        code=code, name=name, max_age_at_intake=max_age_at_intake, cohort_size=cohort_size
    )
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
) -> Programme:
    programme.code = code
    programme.name = name
    programme.max_age_at_intake = max_age_at_intake
    programme.cohort_size = cohort_size
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
