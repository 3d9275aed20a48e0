"""Consent: the mother agrees that one partner organisation may see and work on some life
domains of her case, for a period. Without a valid consent a partner sees nothing of her."""

import datetime
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from droomplan.core.domains import LifeDomain


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Signed form")
    VERBAL = "verbal", _("Verbally, with the coach as witness")


def consent_form_path(instance, filename: str) -> str:
    """A random name under the private media root: the original name is not kept on disk
    (it may contain her name) and cannot be guessed."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"consents/{uuid.uuid4().hex}{suffix}"


def validate_scopes(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one life domain."), code="scopes_empty")
    unknown = [code for code in value if code not in LifeDomain.values]
    if unknown:
        raise ValidationError(
            _("Unknown life domain: %(codes)s.") % {"codes": ", ".join(map(str, unknown))},
            code="scopes_unknown",
        )


class ConsentQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> "ConsentQuerySet":
        """Consents in force on `day`: given, not expired, not withdrawn (a withdrawal takes
        effect on its day, at once)."""
        return self.filter(
            Q(given_on__lte=day),
            Q(expires_on__isnull=True) | Q(expires_on__gte=day),
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day),
        )

    def ending_within(self, day: datetime.date, days: int) -> "ConsentQuerySet":
        """Consents in force on `day` whose end date is at most `days` days later. (The lower
        bound repeats `valid_on` so that PostgreSQL reads only this range of the index on the
        end date, not every consent that ended in the years behind.)"""
        return self.valid_on(day).filter(
            expires_on__isnull=False,
            expires_on__gte=day,
            expires_on__lte=day + datetime.timedelta(days=days),
        )


class Consent(models.Model):
    participant = models.ForeignKey(
        "cases.Participant", on_delete=models.CASCADE, related_name="consents"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("organisation"),
    )
    scopes = models.JSONField(_("life domains"), default=list, validators=[validate_scopes])
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    method = models.CharField(
        _("how given"),
        max_length=20,
        choices=ConsentMethod.choices,
        default=ConsentMethod.VERBAL,
    )
    form_file = models.FileField(
        _("signed form"), upload_to=consent_form_path, max_length=200, blank=True
    )
    form_content_type = models.CharField(max_length=100, blank=True)
    witness = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("witness"),
        help_text=_("The coach who heard her give consent (for verbal consent)."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-created_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [
            models.Index(fields=["organisation", "participant"]),
            # The consents valid today for a partner's organisation (`valid_on`: no end date,
            # or one from today) without reading the expired ones of the years behind; and
            # the consents that end soon (home pages, reminders) by their end date.
            models.Index(fields=["organisation", "expires_on"], name="consent_org_expires"),
            models.Index(
                fields=["expires_on"],
                name="consent_expires_on",
                condition=Q(expires_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {', '.join(self.scopes)} · {self.given_on}"

    def clean(self) -> None:
        errors = {}
        if self.expires_on and self.given_on and self.expires_on < self.given_on:
            errors["expires_on"] = _("The end date cannot be before the date she gave consent.")
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            errors["withdrawn_on"] = _("Consent cannot be withdrawn before it was given.")
        if errors:
            raise ValidationError(errors)

    def is_valid_on(self, day: datetime.date) -> bool:
        """`ConsentQuerySet.valid_on` for one consent already loaded (the same rule)."""
        return (
            self.given_on <= day
            and (self.expires_on is None or day <= self.expires_on)
            and (self.withdrawn_on is None or day < self.withdrawn_on)
        )

    @property
    def scope_labels(self) -> list[str]:
        labels = dict(LifeDomain.choices)
        return [str(labels.get(code, code)) for code in self.scopes]


class ResearchConsent(models.Model):
    """She agrees that her data go, pseudonymised and generalised, into the research export
    for the university (docs/privacy-rights.md). A purpose of its own, apart from the consents
    for partner organisations above: it gives no organisation access to her case. One per
    participant; withdrawing sets `withdrawn_on` (from that day she is left out); agreeing
    again starts a new `given_on`. Every change is in the access log."""

    participant = models.OneToOneField(
        "cases.Participant", on_delete=models.CASCADE, related_name="research_consent"
    )
    given_on = models.DateField(_("agreed on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consent for research")
        verbose_name_plural = _("consents for research")

    def __str__(self) -> str:
        return f"{self.participant_id} research {self.given_on}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or day < self.withdrawn_on)

    @classmethod
    def valid_on(cls, day: datetime.date):
        """The research consents in force on `day` (a withdrawal counts from its day)."""
        return cls.objects.filter(
            Q(given_on__lte=day), Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day)
        )
