"""Telling people that something happened. The services of every app call
`notify(kind=..., recipients=..., ...)` once per event; the app that keeps and sends the
notifications (`attention`) sets itself as the notifier when the project starts, so the
services do not depend on it (it sits above them: its work lists read their data).

`Kind` is the one list of what people are told about (like `core.domains` is the one list
of life domains); what each kind says and who may choose its e-mail live in `attention`."""

from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SIGNAL_RECEIVED = "signal_received", _("A new signal for you")
    SIGNAL_DEADLINE = "signal_deadline", _("A signal reaches its first-contact deadline")
    HANDOVER = "handover", _("A family is handed over to you")
    ESCALATION_OPENED = "escalation_opened", _("An escalation waits for your advice")
    ESCALATION_WAITING = "escalation_waiting", _("An escalation waits for the board's decision")
    ESCALATION_ADVISED = "escalation_advised", _("Advice on your family's escalation")
    ESCALATION_DECIDED = "escalation_decided", _("The board decided on your family's escalation")
    ACTION_ASSIGNED = "action_assigned", _("An action for your organisation")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("A mother withdrew a consent")
    CONSENT_EXPIRING = "consent_expiring", _("A consent ends within 30 days")
    PORTAL_ACTIVITY = "portal_activity", _("A mother did something in her portal")
    MEETING_INVITATION = "meeting_invitation", _("Invitation to a group meeting")
    MEETING_REMINDER = "meeting_reminder", _("Reminder of a group meeting")


Notifier = Callable[..., list]
_notifier: list[Notifier] = []


def set_notifier(notifier: Notifier) -> None:
    """Called once by the app that keeps the notifications (`attention.apps`)."""
    _notifier[:] = [notifier]


def notify(**event) -> list:
    """Tell people that something happened (see `attention.services.notify` for the
    arguments). Runs in the caller's transaction. Without a notifier nobody is told."""
    if not _notifier:
        return []
    return _notifier[0](**event)
