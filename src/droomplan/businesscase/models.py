"""The inputs of the business case that Droomplan does not already know:

- `Assumption`: one version of a unit value (low / central / high, source, valid from). A
  change is a new row, so the history (who changed what, when) is kept and a report as of a
  day uses the version valid on that day.
- `PartnerContribution`: what a partner organisation puts in per year (hours and/or euros).
- `Spending`: a family's direct spending ledger (a "droombudget", a course fee, childcare).
  It is participant data: reached through `access`, every read and write in the access log.

Everything else (coaching time, meetings, work, debts, housing, education) comes from the
other apps' records, see `computation`."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from droomplan.accounts.models import Organisation
from droomplan.cases.models import Participant
from droomplan.core.domains import LifeDomain
from droomplan.core.models import Versioned
from droomplan.programmes.models import Programme

from .assumptions import CODES


class AssumptionQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> "AssumptionQuerySet":
        """The versions in force on `day`: per code the one with the latest `valid_from` on
        or before it (of two on the same day, the last saved). Pick per code with
        `computation.assumptions_on`."""
        return self.filter(valid_from__lte=day).order_by("code", "-valid_from", "-pk")


class Assumption(models.Model):
    """One version of one unit value of a programme. Append-only: a change is a new version."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("assumption"), max_length=40, choices=[(c, c) for c in CODES])
    low = models.DecimalField(_("low"), max_digits=12, decimal_places=2, null=True, blank=True)
    central = models.DecimalField(
        _("central"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    high = models.DecimalField(_("high"), max_digits=12, decimal_places=2, null=True, blank=True)
    source = models.TextField(_("source"), max_length=2000, blank=True)
    source_url = models.URLField(_("link to the source"), max_length=500, blank=True)
    valid_from = models.DateField(_("valid from"))
    note = models.CharField(_("reason for the change"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssumptionQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-valid_from", "-pk"]
        verbose_name = _("assumption")
        verbose_name_plural = _("assumptions")
        indexes = [models.Index(fields=["programme", "code", "valid_from"], name="bc_assumption")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(low__isnull=True) & Q(central__isnull=True) & Q(high__isnull=True))
                | (
                    Q(low__isnull=False)
                    & Q(central__isnull=False)
                    & Q(high__isnull=False)
                    & Q(low__lte=models.F("central"))
                    & Q(central__lte=models.F("high"))
                ),
                name="bc_assumption_low_central_high",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.valid_from}: {self.low} / {self.central} / {self.high}"


class PartnerContribution(Versioned, models.Model):
    """What a partner organisation contributes to the programme in one year."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=1, null=True, blank=True)
    euros = models.DecimalField(
        _("amount (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "organisation__name", "pk"]
        verbose_name = _("partner contribution")
        verbose_name_plural = _("partner contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "year"], name="bc_contribution_once_a_year"
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=False) | Q(euros__isnull=False),
                name="bc_contribution_hours_or_euros",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class Purpose(models.TextChoices):
    DREAM_BUDGET = "dream_budget", _("Dream budget")
    COURSE_FEE = "course_fee", _("Course or school fee")
    CHILDCARE = "childcare", _("Childcare")
    TRAVEL = "travel", _("Travel costs")
    OTHER = "other", _("Other")


class Spending(Versioned, models.Model):
    """Money the programme spent directly on one family."""

    DOMAIN = LifeDomain.FINANCES

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="programme_spending"
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (€)"), max_digits=10, decimal_places=2)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        indexes = [models.Index(fields=["participant", "date"], name="bc_spending_part_date")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="bc_spending_amount_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.date} € {self.amount} {self.get_purpose_display()}"
