"""Telling people: `notify` (called by the services of the other apps, once per event),
reading, e-mail choices, and the e-mails themselves (sent by background jobs).

E-mail never says anything about a family: only how many new things are waiting, and a
link. Sending happens in a job: a mail server that is down delays the e-mail (the job is
tried again, and listed for the administrator when it keeps failing); the notification
itself is already in the list."""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail as django_send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from droomplan.access.policy import may_be_told, staff
from droomplan.access.policy.staff import is_mother
from droomplan.accounts.models import User
from droomplan.jobs import enqueue

from .kinds import KINDS, Delivery, Kind, PortalActivity
from .models import Mail, MailKind, Notification, NotificationPreference
from .recipients import email_address

logger = logging.getLogger(__name__)

SEND_MAIL_JOB = "attention.send_mail"


def delivery_for(user: User, kind: str) -> str:
    """Her choice for this kind, or the kind's default."""
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    return chosen or KINDS[kind].default


def _json_safe(params: dict) -> dict:
    safe = {}
    for key, value in (params or {}).items():
        if isinstance(value, datetime.date | datetime.time):
            value = value.isoformat()
        safe[key] = (
            value if isinstance(value, str | int | float | bool) or value is None else str(value)
        )
    return safe


def notify(
    *,
    kind: str,
    recipients: Iterable[User],
    participant=None,
    about=None,
    domain: str | None = None,
    url: str = "",
    params: dict | None = None,
    actor: User | None = None,
    dedupe_key: str = "",
) -> list[Notification]:
    """Tell each of `recipients` that something of `kind` happened.

    - `participant`: the family it is about (her name is shown only to who may see her);
      `about`: the object it is about (a signal, an escalation, an action...), which with
      `domain` (a life domain) decides with `access.policy.may_be_told` who may be told.
    - `url`: where the work is done; `params`: values for the kind's text — dates, a
      municipality or organisation name, never a name or anything else about a family.
    - `actor`: who caused it is not told about her own work.
    - `dedupe_key`: for reminders and warnings: each recipient is told once per key (a
      unique index decides, so a job that runs twice tells nobody twice).

    Runs in the caller's transaction: if her change is rolled back, nobody is told. The
    e-mails (immediate ones now, the others in the daily digest) are sent by jobs."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    params = _json_safe(params or {})
    created = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        if not may_be_told(user, participant=participant, about=about, domain=domain):
            continue
        delivery = delivery_for(user, kind)
        if delivery != Delivery.OFF and not email_address(user):
            delivery = Delivery.OFF
        notification = Notification(
            recipient=user,
            kind=kind,
            participant=participant,
            url=url,
            params=params,
            delivery=delivery,
            dedupe_key=dedupe_key,
        )
        try:
            with transaction.atomic():
                notification.save()
        except IntegrityError:
            if not dedupe_key:
                raise
            continue  # told before
        if delivery == Delivery.IMMEDIATE:
            _queue_mail(user, MailKind.IMMEDIATE, [notification])
        created.append(notification)
    return created


def _queue_mail(user: User, kind: str, notifications: list[Notification], day=None) -> Mail:
    mail = Mail.objects.create(
        recipient=user, kind=kind, day=day or timezone.localdate(), count=len(notifications)
    )
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(mail=mail)
    for notification in notifications:
        notification.mail = mail
    enqueue(SEND_MAIL_JOB, dedupe_key=f"mail:{mail.pk}", mail_id=mail.pk)
    return mail


@transaction.atomic
def queue_digests(*, today: datetime.date) -> int:
    """Make today's digest e-mail for everyone with notifications waiting for it. A digest
    is unique per person and day: run twice, the second run makes none."""
    waiting: dict[int, list[int]] = {}
    for pk, recipient_id in Notification.objects.for_digest().values_list("pk", "recipient_id"):
        waiting.setdefault(recipient_id, []).append(pk)
    made = 0
    users = User.objects.in_bulk(list(waiting))
    for recipient_id, pks in waiting.items():
        try:
            with transaction.atomic():
                mail = Mail.objects.create(
                    recipient=users[recipient_id], kind=MailKind.DIGEST, day=today, count=len(pks)
                )
        except IntegrityError:
            continue  # today's digest was made already; these wait for tomorrow's
        Notification.objects.filter(pk__in=pks).update(mail=mail)
        enqueue(SEND_MAIL_JOB, dedupe_key=f"mail:{mail.pk}", mail_id=mail.pk)
        made += 1
    return made


def _absolute(path: str) -> str:
    return f"{settings.DROOMPLAN_BASE_URL}{path}"


def send_mail(*, mail_id: int) -> bool:
    """Send one e-mail (what the job does). Raises when the mail server fails, so the job
    is tried again; an e-mail that was sent is never sent again."""
    mail = Mail.objects.select_related("recipient").filter(pk=mail_id).first()
    if mail is None or mail.sent_at is not None:
        return False
    address = email_address(mail.recipient)
    if not address:
        logger.info("Mail %s: %s has no e-mail address any more", mail.pk, mail.recipient_id)
        return False
    works_here = mail.recipient.is_staff_role or not is_mother(mail.recipient)
    context = {
        "count": mail.count,
        "digest": mail.kind == MailKind.DIGEST,
        "staff": works_here,
        "list_url": _absolute(reverse("attention:list")),
        "choices_url": _absolute(reverse("attention:preferences")),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("attention/email/subject.txt", context).strip()
        body = render_to_string("attention/email/body.txt", context)
    django_send_mail(subject, body, None, [address], fail_silently=False)
    Mail.objects.filter(pk=mail.pk).update(sent_at=timezone.now())
    return True


def notify_portal_activity(*, participant, activity: str, url: str = "") -> list[Notification]:
    """The mother did something in her portal (`activity`: a `PortalActivity`): her coach is
    told. For the portal (issue 15): one call after each change she makes there."""
    if activity not in PortalActivity.values:
        raise ValueError(f"Unknown portal activity {activity!r}")
    return notify(
        kind=Kind.PORTAL_ACTIVITY,
        recipients=staff.current_coaches(participant),
        participant=participant,
        url=url or reverse("cases:detail", args=[participant.pk]),
        params={"activity": activity},
    )


@transaction.atomic
def mark_read(*, user: User, notification: Notification) -> None:
    if notification.recipient_id == user.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def save_preferences(*, user: User, choices: dict[str, str]) -> None:
    """Store her choice per kind (immediate / digest / off)."""
    for kind, delivery in choices.items():
        if kind not in KINDS or delivery not in Delivery.values:
            raise ValueError(f"Unknown choice {kind}={delivery}")
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )


__all__ = [
    "Kind",
    "mark_all_read",
    "mark_read",
    "notify",
    "notify_portal_activity",
    "queue_digests",
    "save_preferences",
    "send_mail",
]
