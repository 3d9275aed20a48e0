"""The one rule for "a consent is valid on a day" (access.models: `ConsentQuerySet.valid_on`
in the database, `Consent.is_valid_on` in Python, and `selectors.consent_status` built on it):
in force from the day it was given, up to and including its end date, until the day it is
withdrawn (a withdrawal takes effect on its day, at once)."""

import datetime

import pytest

from droomplan.access.models import Consent
from droomplan.access.selectors import ConsentStatus, consent_status
from droomplan.access.tests.factories import ConsentFactory

D = datetime.date
GIVEN, EXPIRES, WITHDRAWN = D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1)


def _agree(consent: Consent, day: datetime.date) -> bool:
    """The database and Python answers for `day`, asserted to be the same."""
    in_db = Consent.objects.valid_on(day).filter(pk=consent.pk).exists()
    assert consent.is_valid_on(day) is in_db, day
    valid_status = consent_status(consent, day) in {ConsentStatus.VALID, ConsentStatus.EXPIRES_SOON}
    assert valid_status is in_db, day
    return in_db


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "valid"),
    [
        (GIVEN - datetime.timedelta(days=1), False),  # not yet given
        (GIVEN, True),  # valid on the day it is given
        (EXPIRES, True),  # the end date itself still counts
        (EXPIRES + datetime.timedelta(days=1), False),
    ],
)
def test_valid_from_the_day_given_up_to_and_including_the_end_date(day, valid):
    assert _agree(ConsentFactory(given_on=GIVEN, expires_on=EXPIRES), day) is valid


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "valid"),
    [
        (WITHDRAWN - datetime.timedelta(days=1), True),
        (WITHDRAWN, False),  # a withdrawal takes effect on its own day
        (EXPIRES, False),
    ],
)
def test_withdrawal_ends_it_on_its_day(day, valid):
    consent = ConsentFactory(given_on=GIVEN, expires_on=EXPIRES, withdrawn_on=WITHDRAWN)
    assert _agree(consent, day) is valid


@pytest.mark.django_db
def test_withdrawn_on_the_day_it_was_given_was_never_valid():
    consent = ConsentFactory(given_on=GIVEN, expires_on=None, withdrawn_on=GIVEN)
    assert not _agree(consent, GIVEN)
    assert consent_status(consent, GIVEN) == ConsentStatus.WITHDRAWN


@pytest.mark.django_db
def test_without_end_date_it_stays_valid():
    consent = ConsentFactory(given_on=GIVEN, expires_on=None)
    assert _agree(consent, D(2040, 1, 1))


@pytest.mark.django_db
def test_a_one_day_consent():
    consent = ConsentFactory(given_on=GIVEN, expires_on=GIVEN)
    assert [_agree(consent, GIVEN + datetime.timedelta(days=n)) for n in (-1, 0, 1)] == [
        False,
        True,
        False,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "status"),
    [
        (GIVEN - datetime.timedelta(days=1), ConsentStatus.NOT_YET),
        (GIVEN, ConsentStatus.VALID),
        (EXPIRES - datetime.timedelta(days=30), ConsentStatus.EXPIRES_SOON),
        (EXPIRES, ConsentStatus.EXPIRES_SOON),
        (EXPIRES + datetime.timedelta(days=1), ConsentStatus.EXPIRED),
    ],
)
def test_the_status_says_why_it_is_not_valid(day, status):
    consent = ConsentFactory(given_on=GIVEN, expires_on=EXPIRES)
    assert consent_status(consent, day) == status
    _agree(consent, day)


@pytest.mark.django_db
def test_withdrawn_wins_over_expired():
    consent = ConsentFactory(given_on=GIVEN, expires_on=EXPIRES, withdrawn_on=WITHDRAWN)
    assert consent_status(consent, EXPIRES + datetime.timedelta(days=1)) == ConsentStatus.WITHDRAWN


@pytest.mark.django_db
def test_factory_traits():
    today = datetime.date.today()
    assert not ConsentFactory(expired=True).is_valid_on(today)
    assert not ConsentFactory(withdrawn=True).is_valid_on(today)
    assert ConsentFactory().is_valid_on(today)
