import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.audit.models import AccessLogEntry
from droomplan.cases.models import CoachAssignment, Status
from droomplan.core.workdays import add_working_days
from droomplan.signals import services
from droomplan.signals.models import Channel, SignalStatus, SignalStatusChange

from .factories import SignalRouteFactory

DATA = services.SignalData(
    signaller_role="teacher",
    concern="Een oud-leerling vertelt dat ze haar huur niet meer kan betalen.",
    mother_name="Kelly Smeets",
    mother_contact="06 12345678",
    mother_knows="yes",
    signaller_email="mentor@school.example",
)


def test_signal_goes_to_the_municipal_contact_of_the_municipality(
    programme, maastricht, contact, other_contact
):
    signal = services.receive_signal(programme=programme, municipality=maastricht, data=DATA)
    assert signal.assigned_to == contact
    assert signal.status == SignalStatus.RECEIVED
    assert signal.channel == Channel.WEB
    assert list(signal.history.values_list("to_status", flat=True)) == ["received"]
    entry = AccessLogEntry.objects.get(object_type="signal", object_id=str(signal.pk))
    assert entry.participant is None and entry.action == "create"


def test_without_a_route_the_signal_goes_to_the_programme_lead(programme, vaals, lead):
    signal = services.receive_signal(programme=programme, municipality=vaals, data=DATA)
    assert signal.assigned_to == lead


def test_a_route_to_someone_who_lost_the_role_falls_back_to_the_lead(programme, maastricht, lead):
    former = UserFactory(role=Role.COACH)
    SignalRouteFactory(programme=programme, municipality=maastricht, contact=former)
    signal = services.receive_signal(programme=programme, municipality=maastricht, data=DATA)
    assert signal.assigned_to == lead


def test_routes_are_per_programme(programme, maastricht, contact, lead):
    from droomplan.programmes.tests.factories import ProgrammeFactory

    other_programme = ProgrammeFactory(municipalities=[maastricht])
    signal = services.receive_signal(programme=other_programme, municipality=maastricht, data=DATA)
    assert signal.assigned_to == lead


def test_first_contact_deadline_in_working_days(programme, maastricht, contact):
    programme.signal_first_contact_days = 3
    programme.save()
    signal = services.receive_signal(programme=programme, municipality=maastricht, data=DATA)
    assert signal.first_contact_due == add_working_days(signal.created_at.date(), 3)


def test_the_first_contact_deadline_skips_the_programmes_closing_days(
    programme, maastricht, contact
):
    programme.signal_first_contact_days = 1
    today = timezone.localdate()
    programme.closing_days = [
        (today + datetime.timedelta(days=n)).isoformat() for n in range(1, 15)
    ]
    programme.save()
    signal = services.receive_signal(programme=programme, municipality=maastricht, data=DATA)
    assert signal.first_contact_due == add_working_days(
        today, 1, extra_closed=programme.closed_days
    )
    assert signal.first_contact_due > today + datetime.timedelta(days=14)


def test_municipality_outside_the_programme_is_refused(programme):
    from droomplan.programmes.models import Municipality

    elsewhere = Municipality.objects.create(cbs_code="GM0363", name="Amsterdam")
    with pytest.raises(ValidationError):
        services.receive_signal(programme=programme, municipality=elsewhere, data=DATA)


def test_phone_signal_records_who_took_the_call(programme, maastricht, contact, coach):
    signal = services.receive_signal(
        programme=programme, municipality=maastricht, data=DATA, channel=Channel.PHONE, actor=coach
    )
    assert signal.received_by == coach
    assert signal.assigned_to == contact


def test_the_triage_path_to_an_intake(
    programme, maastricht, contact, django_capture_on_commit_callbacks
):
    signal = services.receive_signal(programme=programme, municipality=maastricht, data=DATA)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(actor=contact, signal=signal, to_status=SignalStatus.IN_CONTACT)
        services.change_status(actor=contact, signal=signal, to_status=SignalStatus.INTAKE_PROPOSED)
        signal = services.change_status(
            actor=contact,
            signal=signal,
            to_status=SignalStatus.INTAKE,
            intake=services.IntakeData(
                given_name="Kelly",
                family_name="Smeets",
                birth_date=datetime.date(2004, 2, 1),
                municipality=maastricht,
                intake_date=datetime.date.today(),
            ),
        )
    mother = signal.participant
    assert mother.status == Status.INTAKE and mother.given_name == "Kelly"
    assert mother.programme == programme
    assert signal.closed_on is not None
    assert list(signal.history.values_list("to_status", flat=True)) == [
        "received",
        "in_contact",
        "intake_proposed",
        "intake",
    ]
    # Picked up, and closed: two messages, never about the mother.
    assert [m.subject for m in mail.outbox] == [
        "Uw melding is opgepakt",
        "Uw melding is afgesloten",
    ]
    for message in mail.outbox:
        assert message.to == ["mentor@school.example"]
        for secret in ("Kelly", "Smeets", "huur", "06 12345678", "intake", "Intake"):
            assert secret not in message.body
            assert secret not in message.subject
    assert AccessLogEntry.objects.filter(
        object_type="signal", object_id=str(signal.pk), participant=mother
    ).exists()


def test_intake_with_a_chosen_coach(programme, maastricht, lead, coach):
    from .factories import SignalFactory

    signal = SignalFactory(programme=programme, municipality=maastricht, status="intake_proposed")
    signal = services.change_status(
        actor=lead,
        signal=signal,
        to_status=SignalStatus.INTAKE,
        intake=services.IntakeData(
            given_name="Kelly",
            family_name="Smeets",
            birth_date=datetime.date(2004, 2, 1),
            municipality=maastricht,
            intake_date=datetime.date.today(),
            coach=coach,
        ),
    )
    assert CoachAssignment.objects.get(participant=signal.participant).coach == coach


def test_no_mail_without_an_email_address(signal, contact, django_capture_on_commit_callbacks):
    signal.signaller_email = ""
    signal.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(actor=contact, signal=signal, to_status="in_contact")
        services.change_status(actor=contact, signal=signal, to_status="no_action", reason="x")
    assert mail.outbox == []


def test_picked_up_is_sent_once(signal, contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(actor=contact, signal=signal, to_status="in_contact")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Maastricht" in body
    assert signal.mother_name.split()[0] not in body
    assert "buurvrouw" not in body


def test_closing_without_contact_sends_only_the_closing_mail(
    signal, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(
            actor=contact, signal=signal, to_status="referred", referred_to="Veilig Thuis"
        )
    assert [m.subject for m in mail.outbox] == ["Uw melding is afgesloten"]
    assert "Veilig Thuis" not in mail.outbox[0].body


def test_a_mail_failure_does_not_undo_the_triage(
    signal, contact, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(actor=contact, signal=signal, to_status="in_contact")
    signal.refresh_from_db()
    assert signal.status == "in_contact"


@pytest.mark.parametrize(
    ("to_status", "kwargs", "field"),
    [
        ("referred", {}, "referred_to"),
        ("referred", {"referred_to": "   "}, "referred_to"),
        ("no_action", {}, "reason"),
    ],
)
def test_steps_need_their_fields(signal, contact, to_status, kwargs, field):
    with pytest.raises(ValidationError) as error:
        services.change_status(actor=contact, signal=signal, to_status=to_status, **kwargs)
    assert field in error.value.error_dict
    signal.refresh_from_db()
    assert signal.status == "received"
    assert signal.history.count() == 1


def test_intake_needs_the_mothers_details(programme, maastricht, contact):
    from .factories import SignalFactory

    signal = SignalFactory(programme=programme, municipality=maastricht, status="intake_proposed")
    with pytest.raises(ValidationError):
        services.change_status(actor=contact, signal=signal, to_status="intake")


@pytest.mark.parametrize(
    ("status", "to_status"),
    [
        ("received", "intake"),
        ("received", "intake_proposed"),
        ("received", "received"),
        ("referred", "in_contact"),
        ("no_action", "no_action"),
        ("intake", "referred"),
        ("received", "nonsense"),
    ],
)
def test_impossible_steps_are_refused(signal, contact, status, to_status):
    signal.status = status
    signal.save()
    with pytest.raises(ValidationError):
        services.change_status(
            actor=contact, signal=signal, to_status=to_status, referred_to="x", reason="x"
        )


def test_the_history_is_append_only(signal):
    change = signal.history.get()
    change.note = "changed"
    with pytest.raises(PermissionError):
        change.save()
    with pytest.raises(PermissionError):
        change.delete()
    with pytest.raises(PermissionError):
        SignalStatusChange.objects.filter(signal=signal).update(note="x")
    with pytest.raises(PermissionError):
        SignalStatusChange.objects.filter(signal=signal).delete()


def test_save_route_checks_the_role(programme, maastricht, lead, coach, contact):
    with pytest.raises(ValidationError):
        services.save_route(actor=lead, programme=programme, municipality=maastricht, contact=coach)
    other = UserFactory(role=Role.MUNICIPAL_CONTACT)
    route = services.save_route(
        actor=lead, programme=programme, municipality=maastricht, contact=other
    )
    assert route.contact == other  # replaces the earlier route
