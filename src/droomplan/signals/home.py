"""The municipal contact's home: her open signals, overdue first."""

from droomplan.access.policy import can_list_signals, can_register_signal_by_phone
from droomplan.accounts.models import Role
from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.core.home import register

from .selectors import signal_list

HOME_LIMIT = 10


@register(
    Role.MUNICIPAL_CONTACT,
    template="signals/home/municipal_contact.html",
    when=can_list_signals,
)
def municipal_contact_signals(request) -> dict:
    signals = list(signal_list(request.user, state="open")[:HOME_LIMIT])
    if signals:
        record(
            request=request,
            action=Action.LIST,
            object_type="signal",
            detail="home: " + ",".join(str(s.pk) for s in signals),
        )
    return {"signals": signals}


@register(Role.COACH, template="signals/home/coach.html", when=can_register_signal_by_phone)
def coach_phone_signal(request) -> dict:
    """A coach who hears of a worried neighbour passes it on from her home page."""
    return {}
