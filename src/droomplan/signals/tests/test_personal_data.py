import datetime

import pytest

from droomplan.audit.models import AccessLogEntry
from droomplan.signals import personal_data, services
from droomplan.signals.models import Signal

from .factories import SignalFactory

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 8, 31), 6, D(2025, 2, 28)),
        (D(2025, 3, 15), 6, D(2024, 9, 15)),
        (D(2024, 8, 31), 6, D(2024, 2, 29)),
        (D(2025, 1, 10), 13, D(2023, 12, 10)),
    ],
)
def test_months_before(day, months, expected):
    assert personal_data.months_before(day, months) == expected


@pytest.fixture
def closed(programme, maastricht, contact):
    def make(closed_on, status="no_action", **kwargs):
        signal = SignalFactory(programme=programme, municipality=maastricht, assigned_to=contact)
        services.change_status(
            actor=contact,
            signal=signal,
            to_status=status,
            reason="Moeder krijgt al hulp van Priscilla's tante",
            referred_to="Veilig Thuis",
            note="Gesproken met de buurman",
        )
        Signal.objects.filter(pk=signal.pk).update(closed_on=closed_on, **kwargs)
        return Signal.objects.get(pk=signal.pk)

    return make


def test_retention_anonymises_old_closed_signals_and_keeps_the_trace(closed, linked_signal):
    today = D(2025, 9, 1)
    old = closed(D(2025, 2, 28))
    old_referral = closed(D(2025, 1, 5), status="referred")
    recent = closed(D(2025, 3, 2))
    linked_signal.closed_on = D(2024, 1, 1)
    linked_signal.save()

    preview = personal_data.retention(today=today, dry_run=True)
    assert len(preview) == 2 and all("would be anonymised" in line for line in preview)
    assert Signal.objects.get(pk=old.pk).anonymised_on is None

    lines = personal_data.retention(today=today, dry_run=False)
    assert len(lines) == 2
    for signal in (old, old_referral):
        signal.refresh_from_db()
        assert signal.anonymised_on == today
        assert signal.concern == signal.mother_name == signal.mother_contact == ""
        assert signal.signaller_name == signal.signaller_email == signal.signaller_phone == ""
        history = list(signal.history.all())
        assert [h.to_status for h in history][0] == "received" and len(history) == 2
        assert all(h.note == "" and h.reason == "" for h in history)
        assert AccessLogEntry.objects.filter(
            object_type="signal", object_id=str(signal.pk), detail="anonymised (retention)"
        ).exists()
    old_referral.refresh_from_db()
    assert old_referral.history.last().referred_to == "Veilig Thuis"  # the trace stays
    recent.refresh_from_db()
    assert recent.anonymised_on is None and recent.concern
    linked_signal.refresh_from_db()
    assert linked_signal.anonymised_on is None  # led to an intake: kept with her file
    assert personal_data.retention(today=today, dry_run=False) == []  # idempotent


def test_retention_period_is_per_programme(closed, programme):
    programme.signal_retention_months = 12
    programme.save()
    closed(D(2025, 2, 28))
    assert personal_data.retention(today=D(2025, 9, 1), dry_run=True) == []


def test_open_signals_are_never_anonymised(signal):
    signal.created_at = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    signal.save()
    assert personal_data.retention(today=D(2025, 9, 1), dry_run=False) == []


def test_export_leaves_out_the_signaller(linked_signal):
    exported = personal_data.export(linked_signal.participant)
    assert personal_data.LABEL == "signals"
    assert len(exported) == 1
    item = exported[0]
    assert item["what_was_noticed"].startswith("De buurvrouw")
    assert item["history"][0]["status"] == "received"
    flat = str(exported)
    assert "Bert" not in flat and "bert@example.org" not in flat


def test_anonymise_for_the_participant(linked_signal):
    assert personal_data.anonymise(linked_signal.participant) == 1
    linked_signal.refresh_from_db()
    assert linked_signal.concern == "" and linked_signal.signaller_email == ""
    assert linked_signal.anonymised_on is not None
    assert personal_data.anonymise(linked_signal.participant) == 0


def test_anonymised_signal_page_says_so(client, lead, linked_signal):
    personal_data.anonymise(linked_signal.participant)
    client.force_login(lead)
    body = client.get(f"/signalen/{linked_signal.pk}/").content.decode()
    assert "weggehaald (bewaartermijn)" in body
