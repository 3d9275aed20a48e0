"""Notifications in the mother's privacy rights: who was told about her file, of what and
when (inzage). They hold no free text about her; at the end of the retention period they are
removed (they only served the people working on her file)."""

from .kinds import Kind
from .models import Notification

LABEL = "notifications"
ORDER = 80


def export(participant) -> list[dict]:
    return [
        {
            "recipient": str(n.recipient),
            "kind": str(Kind(n.kind).label),
            "created_at": n.created_at,
            "read_at": n.read_at,
        }
        for n in Notification.objects.filter(participant=participant)
        .select_related("recipient")
        .order_by("created_at", "pk")
    ]


def anonymise(participant) -> int:
    deleted, _by_model = Notification.objects.filter(participant=participant).delete()
    return deleted
