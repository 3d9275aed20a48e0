"""Messages to the signaller. Never anything about the mother: not her name, not what was
noticed, not what was decided — only that the signal was picked up, and that it is closed."""

import logging

from django.core.mail import send_mail
from django.utils import formats, translation
from django.utils.translation import gettext as _

from .models import Signal

logger = logging.getLogger(__name__)


def _send(signal: Signal, subject: str, body: str) -> bool:
    try:
        send_mail(subject, body, None, [signal.signaller_email], fail_silently=False)
    except Exception:  # a mail server that is down must not undo the triage
        logger.exception("Could not send feedback for signal %s", signal.pk)
        return False
    return True


def _context(signal: Signal) -> dict:
    return {
        "date": formats.date_format(signal.created_at.date(), "DATE_FORMAT"),
        "municipality": signal.municipality.name,
    }


def send_picked_up(signal: Signal) -> bool:
    with translation.override("nl"):
        subject = _("Your signal has been picked up")
        body = _(
            "Hello,\n\n"
            "On %(date)s you passed on a signal about a young mother in %(municipality)s. "
            "The contact person of the municipality has picked it up and is in contact about "
            "it now.\n\n"
            "To protect the privacy of the people involved, we cannot tell you more. "
            "We will send you one more message when the signal is closed.\n\n"
            "Thank you for paying attention.\n\n"
            "Droommoeders"
        ) % _context(signal)
    return _send(signal, subject, body)


def send_closed(signal: Signal) -> bool:
    with translation.override("nl"):
        subject = _("Your signal has been closed")
        body = _(
            "Hello,\n\n"
            "On %(date)s you passed on a signal about a young mother in %(municipality)s. "
            "The contact person of the municipality has finished dealing with it.\n\n"
            "To protect the privacy of the people involved, we cannot tell you what was "
            "decided. Are you still worried? Then you can always pass on a new signal.\n\n"
            "Thank you for paying attention.\n\n"
            "Droommoeders"
        ) % _context(signal)
    return _send(signal, subject, body)
