"""Who may be told what: nobody is told about a family, a signal or an escalation she may not
see."""

from .base import Verb, is_active, kind_of
from .participants import can


def may_be_told(user, *, participant=None, about=None, domain=None) -> bool:
    """May `user` be told that something happened to `about` (a signal, an escalation) or
    to `participant`'s case (in life domain `domain`)? The mother herself may be told about
    her own file; anyone else as far as she may see it."""
    if not is_active(user):
        return False
    if about is not None and about._meta.label_lower in (
        "signals.signal",
        "escalations.escalation",
    ):
        return kind_of(about).visible(user).filter(pk=about.pk).exists()
    if participant is None:
        return about is None
    if participant.user_id is not None and participant.user_id == user.pk:
        return True
    return can(user, Verb.VIEW, participant, domain=domain)
