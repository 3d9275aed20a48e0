"""The scheduled instruments and the programmes' schedule settings are the same on every
caseload page: each process keeps them under the data version of
`dataversion.MEASUREMENT_SCHEDULE` (`selectors.schedule_settings`, issue 18). A write of an
instrument or a programme, in this process or another, makes the next page see the new data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.core import dataversion
from droomplan.instruments.models import Instrument
from droomplan.instruments.selectors import schedule_settings
from droomplan.instruments.tests.factories import MeasurementFactory
from droomplan.programmes.models import Programme

pytestmark = pytest.mark.django_db


def codes():
    return [code for _pk, code, _name in schedule_settings().instruments]


def test_kept_until_an_instrument_or_a_programme_is_written(programme, django_assert_num_queries):
    kept = schedule_settings()
    assert "pss-10" in codes()
    with django_assert_num_queries(0):  # the data version is in the cache
        assert schedule_settings() is kept

    programme.follow_up_months = 3
    programme.save()
    with django_assert_num_queries(2):
        assert schedule_settings().programmes[programme.pk] == (4, 3)

    pss = Instrument.objects.get(code="pss-10")
    pss.scheduled = False
    pss.save()
    assert "pss-10" not in codes()

    new = Programme.objects.create(code="new", name="New", follow_up_months=12)
    assert schedule_settings().programmes[new.pk] == (4, 12)
    new.delete()
    assert new.pk not in schedule_settings().programmes


def test_a_write_by_another_process_is_seen():
    """Another process's save changes the shared data version (its signal handler bumps it);
    this process's kept copy is then read again."""
    assert "brug" in codes()
    Instrument.objects.filter(code="brug").update(scheduled=False)  # no signal here
    assert "brug" in codes()  # this process did not see the write
    dataversion.bump(dataversion.MEASUREMENT_SCHEDULE)  # what the other process's save did
    assert "brug" not in codes()


def test_a_programme_written_without_a_signal_is_read():
    schedule_settings()
    programme = Programme.objects.bulk_create([Programme(code="bulk", name="Bulk")])[0]
    mother = ParticipantFactory(programme=programme, active=True)
    from droomplan.instruments.selectors import attach_reminders

    attach_reminders([mother])
    assert mother.measurement_reminders


def test_the_caseload_shows_a_changed_instrument_and_programme(coach_client, coach, programme):
    today = timezone.localdate()
    mother = ParticipantFactory(
        programme=programme,
        coach=coach,
        active=True,
        intake_date=today - datetime.timedelta(days=20),
        start_date=today - datetime.timedelta(days=10),
    )
    MeasurementFactory(participant=mother, instrument="pss-10", taken_on=today, value=2)
    url = reverse("cases:caseload")
    html = coach_client.get(url).content.decode()
    assert "Meting nodig" in html and "Meting te laat" not in html  # her baseline: due
    assert "Brug (versie 2)" not in html

    brug = Instrument.objects.get(code="brug")
    brug.name = "Brug (versie 2)"
    brug.save()
    html = coach_client.get(url).content.decode()
    assert "Brug (versie 2)" in html

    programme.baseline_window_weeks = 1  # her baseline was due a week after the start
    programme.save()
    html = coach_client.get(url).content.decode()
    assert "Meting te laat" in html and "Meting nodig" not in html
