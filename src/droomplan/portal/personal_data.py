"""Her portal login in the mother's privacy rights: the invitations to My Droomplan (when, until
when, used or not, the e-mail address it went to). Anonymising removes the invitations (their
e-mail addresses) and turns her login off, without her name or e-mail address."""

from django.contrib.auth import get_user_model

from .models import Invitation

LABEL = "portal"


def export(participant) -> list[dict]:
    return [
        {
            "invited_at": i.created_at,
            "valid_until": i.expires_at,
            "used_at": i.used_at,
            "ended_at": i.revoked_at,
            "sent_to": i.email,
        }
        for i in Invitation.objects.filter(participant=participant).order_by("created_at", "pk")
    ]


def anonymise(participant) -> int:
    changed = Invitation.objects.filter(participant=participant).delete()[0]
    if participant.user_id is not None:
        changed += (
            get_user_model()
            .objects.filter(pk=participant.user_id)
            .update(is_active=False, first_name="", last_name="", email="")
        )
    return changed
