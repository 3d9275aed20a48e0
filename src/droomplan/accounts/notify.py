"""Security notices by e-mail: the person is told when her password or two-step login
changes, so a change she did not make does not go unnoticed."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import User

logger = logging.getLogger(__name__)

PASSWORD_CHANGED = "password_changed"
TWO_STEP_CHANGED = "two_step_changed"
TWO_STEP_RESET = "two_step_reset"


def tell(user: User, notice: str, **context) -> bool:
    """Send the notice ``accounts/email/<notice>.txt`` (first line: the subject) to the user,
    in the programme's language. A failing mail server is logged, never raised: the change
    itself has been made and is in the security log."""
    if not user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"accounts/email/{notice}.txt", {"user": user, **context})
    subject, _blank, body = text.strip().partition("\n")
    try:
        send_mail(subject.strip(), body.strip() + "\n", None, [user.email])
    except Exception:  # noqa: BLE001 (any transport error: the notice is best effort)
        logger.exception("Could not send the %s notice to user %s", notice, user.pk)
        return False
    return True
