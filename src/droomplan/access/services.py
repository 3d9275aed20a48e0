"""Writes of consents. Each write leaves an access-log entry."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.core.domains import LifeDomain
from droomplan.core.events import Kind, notify

from .files import SUFFIXES, check_form_file
from .models import Consent, ConsentMethod, ResearchConsent
from .policy import staff


def _log(actor, action: str, consent: Consent, detail: str = "") -> None:
    record(
        request=None,
        user=actor,
        action=action,
        object_type="consent",
        object_id=consent.pk,
        participant=consent.participant,
        detail=detail,
    )


def _ordered_scopes(scopes) -> list[str]:
    """The scopes in the order of the life domains, without doubles."""
    chosen = {str(code) for code in scopes or []}
    unknown = sorted(chosen - set(LifeDomain.values))
    if unknown:
        raise ValidationError(
            {"scopes": _("Unknown life domain: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    if not chosen:
        raise ValidationError({"scopes": _("Choose at least one life domain.")})
    return [code for code in LifeDomain.values if code in chosen]


@transaction.atomic
def record_consent(
    *,
    actor,
    participant,
    organisation,
    scopes: list[str],
    given_on: datetime.date,
    expires_on: datetime.date | None = None,
    method: str = ConsentMethod.VERBAL,
    form_file=None,
    note: str = "",
    today: datetime.date | None = None,
) -> Consent:
    """Record that she consents to `organisation` seeing the life domains `scopes` of her case
    from `given_on` until `expires_on` (inclusive; none = until withdrawn). A signed form needs
    the uploaded scan (PDF, JPEG or PNG, kept as a private file); verbal consent is witnessed
    by the person who records it."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if given_on > today:
        errors["given_on"] = _("Consent cannot be given in the future. Record it on the day.")
    if expires_on is not None and expires_on < given_on:
        errors["expires_on"] = _("The end date cannot be before the date she gave consent.")
    if method not in ConsentMethod.values:
        errors["method"] = _("Choose how she gave consent.")
    content_type = ""
    if method == ConsentMethod.SIGNED_FORM:
        if not form_file:
            errors["form_file"] = _("Add the scan or photo of the signed form.")
        else:
            try:
                content_type = check_form_file(form_file)
            except ValidationError as error:
                errors["form_file"] = error.messages[0]
    if not organisation.is_active:
        errors["organisation"] = _("This organisation is no longer active.")
    try:
        ordered = _ordered_scopes(scopes)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
        ordered = []
    if errors:
        raise ValidationError(errors)
    consent = Consent(
        participant=participant,
        organisation=organisation,
        scopes=ordered,
        given_on=given_on,
        expires_on=expires_on,
        method=method,
        witness=actor if method == ConsentMethod.VERBAL else None,
        note=note.strip(),
        recorded_by=actor,
    )
    if content_type:
        form_file.name = f"form{SUFFIXES[content_type]}"
        consent.form_file = form_file
        consent.form_content_type = content_type
    consent.full_clean()
    try:
        consent.save()  # stores the file under the private media root
        _log(actor, Action.CREATE, consent, detail=f"{organisation.code}: {','.join(ordered)}")
    except Exception:
        if consent.form_file and consent.form_file.storage.exists(consent.form_file.name):
            consent.form_file.storage.delete(consent.form_file.name)
        raise
    return consent


@transaction.atomic
def withdraw_consent(
    *,
    actor,
    consent: Consent,
    reason: str = "",
    today: datetime.date | None = None,
) -> Consent:
    """She withdraws her consent: from today the organisation sees nothing of it any more."""
    today = today or timezone.localdate()
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    consent.withdrawn_on = max(today, consent.given_on)
    consent.withdrawn_by = actor
    consent.withdrawal_reason = reason.strip()
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on", "withdrawn_by", "withdrawal_reason", "updated_at"])
    _log(actor, Action.UPDATE, consent, detail="withdrawn")
    notify(
        kind=Kind.CONSENT_WITHDRAWN,
        recipients=staff.current_coaches(consent.participant),
        participant=consent.participant,
        about=consent,
        url=reverse("access:consent_list", args=[consent.participant_id]),
        params={"organisation": consent.organisation.name},
        actor=actor,
    )
    return consent


@transaction.atomic
def withdraw_own_consent(
    *,
    actor,
    consent: Consent,
    reason: str = "",
    today: datetime.date | None = None,
) -> Consent:
    """The mother withdraws one of her consents herself, in her portal. The same withdrawal
    as the coach's (`withdraw_consent`: at once, in the access log with her as the actor, her
    coach told); her view has asked `policy.can_withdraw_own_consent` first. Withdrawing an
    already withdrawn consent is refused with a clear message."""
    return withdraw_consent(actor=actor, consent=consent, reason=reason, today=today)


# --- Consent for research --------------------------------------------------------------------


@transaction.atomic
def set_research_consent(
    *,
    actor,
    participant,
    agrees: bool,
    on: datetime.date,
    today: datetime.date | None = None,
) -> ResearchConsent:
    """Record that she agrees (from `on`) or no longer agrees (from `on`) to take part in the
    research export. Agreeing again after a withdrawal starts anew."""
    today = today or timezone.localdate()
    if on > today:
        raise ValidationError({"on": _("Choose today or a day in the past.")})
    current = ResearchConsent.objects.select_for_update().filter(participant=participant).first()
    created = current is None
    if agrees:
        if current is not None and current.is_valid_on(today):
            raise ValidationError(_("She already takes part in research."))
        if current is None:
            current = ResearchConsent(participant=participant)
        current.given_on, current.withdrawn_on, current.recorded_by = on, None, actor
        current.save()
        detail = f"research consent given on {on:%Y-%m-%d}"
    else:
        if current is None or not current.is_valid_on(today):
            raise ValidationError(_("She does not take part in research now."))
        if on < current.given_on:
            raise ValidationError({"on": _("Consent cannot be withdrawn before it was given.")})
        current.withdrawn_on, current.recorded_by = on, actor
        current.save()
        detail = f"research consent withdrawn on {on:%Y-%m-%d}"
    record(
        request=None,
        user=actor,
        action=Action.CREATE if created else Action.UPDATE,
        object_type="researchconsent",
        object_id=current.pk,
        participant=participant,
        detail=detail,
    )
    return current
