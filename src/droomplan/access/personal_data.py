"""Consents in the mother's privacy rights: what she agreed to share, with whom and until when
(inzage), and anonymisation at the end of the retention period."""

from django.utils.translation import gettext

from .models import Consent, ResearchConsent

LABEL = "consents"


def _name(user) -> str:
    return str(user) if user is not None else ""


def export(participant) -> list:
    research = ResearchConsent.objects.filter(participant=participant).first()
    research_rows = (
        [
            {
                "organisation": gettext("Research (the university, without your name)"),
                "given_on": research.given_on,
                "withdrawn_on": research.withdrawn_on,
                "recorded_by": _name(research.recorded_by),
                "created_at": research.created_at,
            }
        ]
        if research is not None
        else []
    )
    return research_rows + [
        {
            "organisation": c.organisation.name,
            "organisation_code": c.organisation.code,
            "scopes": list(c.scopes),
            "given_on": c.given_on,
            "expires_on": c.expires_on,
            "method": c.get_method_display(),
            "signed_form_kept": bool(c.form_file),
            "witness": _name(c.witness),
            "note": c.note,
            "withdrawn_on": c.withdrawn_on,
            "withdrawn_by": _name(c.withdrawn_by),
            "withdrawal_reason": c.withdrawal_reason,
            "recorded_by": _name(c.recorded_by),
            "created_at": c.created_at,
        }
        for c in Consent.objects.filter(participant=participant)
        .select_related("organisation", "witness", "withdrawn_by", "recorded_by")
        .order_by("given_on", "pk")
    ]


def anonymise(participant) -> int:
    """Remove the free text and the signed form (it carries her name and signature); keep
    organisation, life domains and dates. Returns the number of consents changed."""
    changed = 0
    for consent in Consent.objects.filter(participant=participant):
        dirty = bool(consent.note or consent.withdrawal_reason or consent.form_file)
        if consent.form_file:
            storage, name = consent.form_file.storage, consent.form_file.name
            if storage.exists(name):
                storage.delete(name)
        if dirty:
            Consent.objects.filter(pk=consent.pk).update(
                note="", withdrawal_reason="", form_file="", form_content_type=""
            )
            changed += 1
    return changed
