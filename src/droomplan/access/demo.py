"""Demo consent details: how a consent was given (the coach as witness) and why one was
withdrawn; the coach shares her latest note with the credit bank where it has consent."""

from droomplan.core.demo import register

from .models import Consent


@register(order=48)
def load(context) -> dict[str, int]:
    _consent_details(context["programme"], context["organisations"])
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
            if latest is not None:
                latest.shared_with.add(orgs["kredietbank"])
