"""What the mother sees and does on the rights pages of her portal (who may see what, who
looked in her file, her data, how it goes, her contact moments). Built on
`access.policy.portal` (her own case); the pages ask here, never decide themselves.

- `can_withdraw_consent(user, consent)`: one of her own consents that is not withdrawn yet
  (recording a consent stays with the coach: it needs a conversation);
- `sees_contact_text(user, contact)`: she always sees that a contact moment of her own case
  happened (date, kind, with whom); its text only when its author did not mark it "only for
  professionals" (the per-note choice, docs/portal.md). `contact_text_filter` is the same
  rule as a query filter;
- `leaves_out_of_her_view(object_type)`: what her readable access log does not name as such.

She never sees through these pages: other mothers (everything is filtered on her own case),
signals (an access-log entry about a signal reads "je dossier"), escalation advice or board
deliberation, or the programme's figures."""

from django.db.models import Q

from .portal import is_own_case, own_participant


def can_withdraw_consent(user, consent) -> bool:
    """One of her own consents, not yet withdrawn."""
    return consent is not None and consent.withdrawn_on is None and is_own_case(user, consent)


def can_see_rights_pages(user) -> bool:
    """The rights pages of her portal open for her (the page predicate)."""
    return own_participant(user) is not None


def sees_contact_text(user, contact) -> bool:
    return is_own_case(user, contact) and not contact.professionals_only


def contact_text_filter() -> Q:
    """Notes whose text she reads (the rule of `sees_contact_text`, for a query)."""
    return Q(professionals_only=False)
