"""Writes of signals: receiving one (web form or phone), routing, triage, routes.

Every write leaves an access-log entry: with `participant` once the signal led to an intake,
otherwise with participant=None and object_type "signal"."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from droomplan.access.policy.staff import can_receive_signals
from droomplan.accounts.models import User
from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.cases.models import Participant
from droomplan.cases.services import ChildData, register_participant
from droomplan.core.events import Kind, notify
from droomplan.core.workdays import add_working_days
from droomplan.programmes.models import Municipality, Programme

from . import notifications
from .models import (
    CLOSED_STATUSES,
    Channel,
    Signal,
    SignalRoute,
    SignalStatus,
    SignalStatusChange,
)
from .selectors import route_for


def _log(*, actor, action: str, signal: Signal, detail: str = "") -> None:
    record(
        request=None,
        user=actor,
        action=action,
        object_type="signal",
        object_id=signal.pk,
        participant=signal.participant,
        detail=detail,
    )


@dataclass(frozen=True)
class SignalData:
    signaller_role: str
    concern: str
    mother_name: str = ""
    mother_contact: str = ""
    mother_knows: str = "unknown"
    signaller_name: str = ""
    signaller_phone: str = ""
    signaller_email: str = ""


@transaction.atomic
def receive_signal(
    *,
    programme: Programme,
    municipality: Municipality,
    data: SignalData,
    channel: str = Channel.WEB,
    actor: User | None = None,
) -> Signal:
    """Store a new signal, route it and set its first-contact deadline (in working days)."""
    if not programme.municipalities.filter(pk=municipality.pk).exists():
        raise ValidationError({"municipality": _("This municipality is not in the programme.")})
    if channel == Channel.PHONE and actor is None:
        raise ValueError("A phone signal is registered by a member of staff.")
    if not data.concern.strip():
        raise ValidationError({"concern": _("Write down what you noticed.")})
    received = timezone.localdate()
    signal = Signal(
        programme=programme,
        municipality=municipality,
        channel=channel,
        received_by=actor,
        assigned_to=route_for(programme=programme, municipality=municipality),
        first_contact_due=add_working_days(
            received, programme.signal_first_contact_days, extra_closed=programme.closed_days
        ),
        **data.__dict__,
    )
    signal.full_clean()
    signal.save()
    SignalStatusChange.objects.create(
        signal=signal, from_status="", to_status=SignalStatus.RECEIVED, changed_by=actor
    )
    _log(actor=actor, action=Action.CREATE, signal=signal, detail=channel)
    notify(
        kind=Kind.SIGNAL_RECEIVED,
        recipients=[signal.assigned_to],
        about=signal,
        url=reverse("signals:detail", args=[signal.pk]),
        params={"municipality": municipality.name, "deadline": signal.first_contact_due},
        actor=actor,
    )
    return signal


def informs_signaller(signal: Signal, to_status: str) -> bool:
    """Does this step send the signaller a message? Only with an e-mail address, when the
    signal is first picked up ("in contact") and when it is closed."""
    if not signal.signaller_email:
        return False
    if to_status in CLOSED_STATUSES:
        return True
    return (
        to_status == SignalStatus.IN_CONTACT
        and not signal.history.filter(to_status=SignalStatus.IN_CONTACT).exists()
    )


@dataclass(frozen=True)
class IntakeData:
    given_name: str
    family_name: str
    birth_date: datetime.date
    municipality: Municipality
    intake_date: datetime.date
    phone: str = ""
    email: str = ""
    address: str = ""
    coach: User | None = None
    duplicate_confirmed: bool = False


@transaction.atomic
def change_status(
    *,
    actor: User,
    signal: Signal,
    to_status: str,
    note: str = "",
    referred_to: str = "",
    reason: str = "",
    intake: IntakeData | None = None,
    children: list[ChildData] | None = None,
) -> Signal:
    """Take the next step in the triage. Referral needs the organisation, no action needs the
    reason, intake needs the mother's details (she is registered in `intake`)."""
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if to_status not in signal.next_statuses():
        raise ValidationError(_("This step is not possible for this signal any more."))
    referred_to, reason, note = referred_to.strip(), reason.strip(), note.strip()
    if to_status == SignalStatus.REFERRED and not referred_to:
        raise ValidationError({"referred_to": _("Write down to which organisation you referred.")})
    if to_status == SignalStatus.NO_ACTION and not reason:
        raise ValidationError({"reason": _("Write down why nothing is done with this signal.")})
    if to_status == SignalStatus.INTAKE:
        if intake is None:
            raise ValidationError(_("Fill in the mother's details for the intake."))
        signal.participant = _register_mother(actor, signal, intake, children or [])
    closing = to_status in CLOSED_STATUSES
    inform = informs_signaller(signal, to_status)
    SignalStatusChange.objects.create(
        signal=signal,
        from_status=signal.status,
        to_status=to_status,
        referred_to=referred_to if to_status == SignalStatus.REFERRED else "",
        reason=reason if to_status == SignalStatus.NO_ACTION else "",
        note=note,
        feedback_sent=inform,
        changed_by=actor,
    )
    signal.status = to_status
    if closing:
        signal.closed_on = timezone.localdate()
    signal.save(update_fields=["status", "closed_on", "participant"])
    _log(actor=actor, action=Action.UPDATE, signal=signal, detail=f"status: {to_status}")
    if inform:
        send = notifications.send_closed if closing else notifications.send_picked_up
        transaction.on_commit(lambda: send(signal))
    return signal


def _register_mother(actor, signal, intake: IntakeData, children) -> Participant:
    fields = dict(intake.__dict__)
    return register_participant(
        actor=actor, programme=signal.programme, children=children, **fields
    )


@transaction.atomic
def save_route(
    *, actor: User, programme: Programme, municipality: Municipality, contact: User
) -> SignalRoute:
    if not can_receive_signals(contact):
        raise ValidationError({"contact": _("This person is not an active municipal contact.")})
    if not programme.municipalities.filter(pk=municipality.pk).exists():
        raise ValidationError({"municipality": _("This municipality is not in the programme.")})
    route, _created = SignalRoute.objects.update_or_create(
        programme=programme, municipality=municipality, defaults={"contact": contact}
    )
    return route


@transaction.atomic
def delete_route(*, actor: User, route: SignalRoute) -> None:
    route.delete()
