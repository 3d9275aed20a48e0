"""The background jobs of `attention`: sending one e-mail, and the daily work that
`droomplan run_periodic` queues once a day (docs/notifications.md lists them all).

Each daily job is safe to run twice for a day: a notification with a `dedupe_key` is made
once per person (a unique index), a digest once per person and day (a unique index)."""

import datetime
import logging

from django.utils.translation import gettext_lazy as _

from droomplan.access.retention import apply_retention
from droomplan.jobs import job, periodic

from . import reminders, services

logger = logging.getLogger(__name__)


@job(services.SEND_MAIL_JOB, title=_("Send an e-mail"), max_attempts=6)
def send_mail(ctx, *, mail_id: int) -> None:
    services.send_mail(mail_id=mail_id)


class StepsFailed(Exception):
    pass


@periodic("attention.daily", title=_("Daily reminders, warnings and e-mail digests"))
def daily(ctx, *, day: str) -> None:
    """The reminders and warnings of the day first, then the digests, so today's warnings
    are in today's digest. A step that fails does not stop the others; the job then fails
    (and is tried again: the steps that worked do nothing the second time)."""
    today = datetime.date.fromisoformat(day)
    steps = [
        ("meeting reminders", reminders.meeting_reminders),
        ("signal deadlines", reminders.signal_deadlines),
        ("consent expiry", reminders.consent_expiry),
        ("digests", services.queue_digests),
    ]
    failed = []
    for name, step in steps:
        try:
            step(today=today)
        except Exception as exc:
            logger.exception("Daily step %s failed", name)
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
    if failed:
        raise StepsFailed("; ".join(failed))


@periodic("attention.retention", title=_("Anonymise files after their retention period"))
def retention(ctx, *, day: str) -> None:
    apply_retention(today=datetime.date.fromisoformat(day), dry_run=False)
