"""Hand-built outcome data: a mother with a start date and her dated facts, made with the
factories of the apps that own them (so `total` of a measurement is scored as in real use)."""

import datetime

from droomplan.cases.models import Status
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.instruments.tests.factories import MeasurementFactory, answers_for, shipped
from droomplan.lifedomains.models import WorkKind
from droomplan.lifedomains.tests.factories import (
    DebtFactory,
    EducationFactory,
    HousingStatusFactory,
    WorkPlacementFactory,
)

D = datetime.date


START = D(2024, 9, 1)


def mother(programme, start=START, *, ended=None, **kwargs):
    """A participant of `programme` who started on `start` (None: still in intake)."""
    status = Status.INTAKE if start is None else (Status.ENDED if ended else Status.ACTIVE)
    intake = kwargs.pop("intake_date", (start or D(2024, 8, 1)) - datetime.timedelta(days=14))
    return ParticipantFactory(
        programme=programme,
        start_date=start,
        intake_date=intake,
        status=status,
        end_date=ended,
        end_reason="dropped_out" if ended else "",
        **kwargs,
    )


def debt(participant, registered_on, settled_on=None):
    return DebtFactory(participant=participant, registered_on=registered_on, settled_on=settled_on)


def housing(participant, date, adequate):
    return HousingStatusFactory(participant=participant, date=date, adequate=adequate)


def education(participant, started_on=None, completed_on=None):
    return EducationFactory(
        participant=participant, started_on=started_on, completed_on=completed_on
    )


def work(participant, started_on, kind=WorkKind.PAID):
    return WorkPlacementFactory(participant=participant, started_on=started_on, kind=kind)


def brug(participant, taken_on, total):
    """A Bridge measurement with this total (5–25): pillars filled from the first up."""
    instrument = shipped("brug")
    answers = answers_for(instrument, 1)
    rest = total - 5
    for item in instrument.item_list:
        extra = min(4, rest)
        answers[item.code] += extra
        rest -= extra
    m = MeasurementFactory(
        participant=participant, instrument="brug", taken_on=taken_on, answers=answers
    )
    assert m.total == total
    return m


def ladder(participant, taken_on, rung):
    return MeasurementFactory(
        participant=participant, instrument="participatieladder", taken_on=taken_on, value=rung
    )


def pss(participant, taken_on, value):
    """Every PSS-10 item answered `value`: total = 6·value + 4·(4 − value) = 2·value + 16."""
    m = MeasurementFactory(
        participant=participant, instrument="pss-10", taken_on=taken_on, value=value
    )
    assert m.total == 2 * value + 16
    return m


def executive(participant, taken_on, value):
    """Every executive-skills item answered `value`: total = 36·value."""
    return MeasurementFactory(
        participant=participant, instrument="executive-skills", taken_on=taken_on, value=value
    )


def published_dataset(programme):
    """Two cohorts of ten mothers, guided for almost two and a half years, built so that on
    2026-06-30 the figures are the published ones (OUTCOMES.md):
    debt-free 20/20, housing 20/20, self-reliance 20/20, less stress 16/20, executive growth
    16/20, education 12/20, paid work within 2 years 8/20, after 2 years 12/20."""
    from droomplan.programmes.tests.factories import CohortFactory

    cohorts = [
        CohortFactory(programme=programme, code="groep-1", start_date=D(2024, 1, 8)),
        CohortFactory(programme=programme, code="groep-2", start_date=D(2024, 3, 4)),
    ]
    mothers = []
    for i in range(20):
        cohort = cohorts[i % 2]
        start = cohort.start_date
        # The last mother of each cohort stopped early: she still counts (and is counted).
        m = mother(programme, start, cohort=cohort, ended=D(2025, 6, 1) if i >= 18 else None)
        mothers.append(m)
        debt(m, start + datetime.timedelta(days=10), D(2025, 12, 1))  # every debt settled
        housing(m, start, False)
        housing(m, D(2025, 1, 1), True)
        brug(m, start + datetime.timedelta(days=14), 10)
        brug(m, D(2026, 3, 1), 12)  # +2 on the Bridge for all
        pss(m, start + datetime.timedelta(days=14), 3)
        pss(m, D(2026, 3, 1), 1 if i < 16 else 3)  # 16 lower, 4 unchanged
        executive(m, start + datetime.timedelta(days=14), 3)
        executive(m, D(2026, 3, 1), 4 if i >= 4 else 3)  # 16 grew
        if i < 12:
            education(m, started_on=D(2025, 9, 1))
        if i < 8:
            work(m, D(2025, 6, 1))  # within two years
        elif i < 12:
            work(m, D(2026, 4, 1), WorkKind.PAID_SUPPORTED)  # in year three
        elif i < 14:
            work(m, D(2025, 6, 1), WorkKind.INTERNSHIP)
        elif i < 16:
            work(m, D(2025, 6, 1), WorkKind.VOLUNTEER)
    mother(programme, None, cohort=cohorts[0])  # still in intake: not in the figures
    return mothers
