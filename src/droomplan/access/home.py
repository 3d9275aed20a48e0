"""Home page parts: the coach's consents that expire soon; the partner's shared families;
the research export for the analyst."""

from droomplan.audit.models import Action
from droomplan.audit.services import record_many
from droomplan.core.home import register
from droomplan.core.roles import Role

from . import selectors
from .policy import can_export_research, can_list_cases

HOME_LIMIT = 20


def _expiring(request, consents) -> dict:
    """Log the families whose names the list shows (once each) and hand the list over."""
    participants = list({c.participant_id: c.participant for c in consents}.values())
    record_many(
        request=request,
        action=Action.LIST,
        object_type="consent",
        participants=participants,
        detail="home: expiring consents",
    )
    return {"expiring_consents": consents}


@register(Role.COACH, template="access/consents/home/coach.html", when=can_list_cases)
def coach_expiring_consents(request) -> dict:
    """Names of families with a consent ending within 30 days (her own families only)."""
    consents = selectors.coach_expiring_consents(request.user, request=request)
    return _expiring(request, consents)


@register(Role.PROGRAMME_LEAD, template="access/consents/home/coach.html", when=can_list_cases)
def lead_expiring_consents(request) -> dict:
    """Every family's consents that end within 30 days (at most HOME_LIMIT)."""
    consents = selectors.expiring_consents(request.user, all_visible=True, limit=HOME_LIMIT)
    return _expiring(request, consents)


@register(Role.PARTNER, template="access/consents/home/partner.html", when=can_list_cases)
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


@register(Role.ANALYST, template="access/rights/home/analyst.html", when=can_export_research)
def analyst_research(request) -> dict:
    return {}
