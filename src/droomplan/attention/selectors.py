"""Reads of notifications: her list (with the text made now, for what she may see now)."""

import contextlib
import datetime
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from droomplan.access.policy import visible_participants

from .kinds import KINDS, Delivery, Kind, PortalActivity, kinds_for
from .models import Notification, NotificationPreference

DATE_PARAMS = ("date", "deadline", "due")


@dataclass(frozen=True)
class Shown:
    notification: Notification
    text: str
    unread: bool
    participant: object | None  # the family, when she may see it now (for the access log)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user).unread().count()


def _param_values(params: dict) -> dict:
    values = dict(params)
    for key in DATE_PARAMS:
        raw = values.get(key)
        if raw:
            with contextlib.suppress(TypeError, ValueError):
                values[key] = formats.date_format(datetime.date.fromisoformat(raw), "DATE_FORMAT")
        elif key in values:
            values[key] = _("no date")
    if "activity" in values:
        try:
            values["activity"] = PortalActivity(values["activity"]).label
        except ValueError:
            values["activity"] = _("did something")
    return values


class _Default(dict):
    def __missing__(self, key):
        return "…"


def text_of(notification: Notification, *, family_visible: bool) -> str:
    values = _Default(_param_values(notification.params))
    values["family"] = (
        notification.participant.full_name
        if family_visible and notification.participant is not None
        else _("a family")
    )
    text = str(KINDS[notification.kind].text) % values
    return text[:1].upper() + text[1:]


def notifications_for(user, notifications) -> list[Shown]:
    """Her notifications with their text. A family's name shows only while she may see
    that family (or it is her own file): one query for the whole page."""
    notifications = list(notifications)
    ids = {n.participant_id for n in notifications if n.participant_id}
    visible = (
        set(visible_participants(user).filter(pk__in=ids).values_list("pk", flat=True))
        if ids
        else set()
    )
    shown = []
    for n in notifications:
        own = n.participant is not None and n.participant.user_id == user.pk
        may_see = n.participant_id in visible or own
        shown.append(
            Shown(
                notification=n,
                text=text_of(n, family_visible=may_see),
                unread=n.read_at is None,
                participant=n.participant if may_see and not own else None,
            )
        )
    return shown


def list_for(user):
    return Notification.objects.filter(recipient=user).select_related("participant")


def choices_for(user) -> list[tuple[str, str, str]]:
    """(kind, label, her delivery) for the kinds her roles can get."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [
        (kind, Kind(kind).label, chosen.get(kind, KINDS[kind].default)) for kind in kinds_for(user)
    ]


__all__ = ["Delivery", "choices_for", "list_for", "notifications_for", "unread_count"]
