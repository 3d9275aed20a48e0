"""Demo consent details: how a consent was given (the coach as witness) and why one was
withdrawn; the coach shares her latest note with the credit bank where it has consent."""

from droomplan.core.demo import register

from .models import Consent, ResearchConsent
from .policy.base import model
from .services import set_research_consent

# Mothers who said no to research; every other mother who started agreed at her start.
RESEARCH_DECLINED = {"DM-0004", "DM-0012", "DM-0018"}


@register(order=48)
def load(context) -> dict[str, int]:
    _consent_details(context["programme"], context["organisations"])
    _research_consents(context["programme"], context["users"]["projectleider"])
    return {}


def _consent_details(programme, orgs) -> None:
    """How a consent was given (the coach as witness) and why it was withdrawn; the coach
    shares her latest note with the credit bank where it has a valid consent."""
    for consent in Consent.objects.filter(
        participant__programme=programme, witness__isnull=True
    ).select_related("participant", "organisation"):
        coach = consent.participant.current_coach()
        consent.witness = coach
        if consent.withdrawn_on:
            consent.withdrawn_by = coach
            consent.withdrawal_reason = "Wil de schuldhulp zelf afronden."
        consent.save()
        if consent.organisation.code == "kredietbank" and not consent.withdrawn_on:
            latest = consent.participant.contacts.order_by("-date", "-pk").first()
            if latest is not None and "finances" in (consent.scopes or []):
                latest.domain = "finances"  # sharing follows consent (cases.services)
                latest.save(update_fields=["domain"])
                latest.shared_with.add(orgs["kredietbank"])


def _research_consents(programme, lead) -> None:
    """Most mothers agreed to take part in research (the research export) when they started."""
    done = set(ResearchConsent.objects.values_list("participant_id", flat=True))
    for participant in (
        model("cases.Participant")
        .objects.filter(programme=programme, start_date__isnull=False, anonymised_at__isnull=True)
        .exclude(ref__in=RESEARCH_DECLINED)
    ):
        if participant.pk not in done:
            set_research_consent(
                actor=lead, participant=participant, agrees=True, on=participant.start_date
            )
