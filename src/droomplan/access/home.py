"""Home page parts: the coach's consents that expire soon; the partner's shared families."""

from droomplan.accounts.models import Role
from droomplan.audit.models import Action
from droomplan.audit.services import record_many
from droomplan.core.home import register

from . import selectors

HOME_LIMIT = 20


@register(Role.COACH, template="access/consents/home/coach.html")
def coach_expiring_consents(request) -> dict:
    """Names of families with a consent ending within 30 days (her own families only)."""
    consents = selectors.expiring_consents(request.user)
    participants = list({c.participant_id: c.participant for c in consents}.values())
    record_many(
        request=request,
        action=Action.LIST,
        object_type="consent",
        participants=participants,
        detail="home: expiring consents",
    )
    return {"expiring_consents": consents}


@register(Role.PROGRAMME_LEAD, template="access/consents/home/coach.html")
def lead_expiring_consents(request) -> dict:
    """Every family's consents that end within 30 days (at most HOME_LIMIT)."""
    consents = selectors.expiring_consents(request.user, all_visible=True)[:HOME_LIMIT]
    participants = list({c.participant_id: c.participant for c in consents}.values())
    record_many(
        request=request,
        action=Action.LIST,
        object_type="consent",
        participants=participants,
        detail="home: expiring consents",
    )
    return {"expiring_consents": consents}


@register(Role.PARTNER, template="access/consents/home/partner.html")
def partner_shared_families(request) -> dict:
    families = selectors.shared_families(request.user)
    record_many(
        request=request,
        action=Action.LIST,
        object_type="case",
        participants=[f.participant for f in families],
        detail="home: shared with your organisation",
    )
    return {"shared_families": families}
