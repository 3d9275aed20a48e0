"""Structured records per life domain: debts (finances), housing (family stability),
education and work (employment). Field names follow the exchange format (FORMAT.md)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from droomplan.accounts.models import Organisation
from droomplan.cases.models import Participant
from droomplan.core.domains import LifeDomain
from droomplan.core.models import Versioned

from . import validators


def _today() -> datetime.date:
    return timezone.localdate()


class Audited(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DebtRoute(models.TextChoices):
    """The route a debt is on. The codes are stored; the labels are Dutch on screen."""

    INVENTORY = "inventory", pgettext_lazy("debt route", "Inventory")
    STABILISATION = "stabilisation", pgettext_lazy("debt route", "Stabilisation")
    DEBT_ARRANGEMENT = "debt_arrangement", pgettext_lazy("debt route", "Debt arrangement")
    CONSOLIDATION_LOAN = (
        "consolidation_loan",
        pgettext_lazy("debt route", "Consolidation loan (credit bank)"),
    )
    BUDGET_MANAGEMENT = "budget_management", pgettext_lazy("debt route", "Budget management")
    PAID_OFF = "paid_off", pgettext_lazy("debt route", "Paid off")
    REMITTED = "remitted", pgettext_lazy("debt route", "Remitted")


SETTLED_ROUTES = frozenset({DebtRoute.PAID_OFF, DebtRoute.REMITTED})
assert {str(r) for r in SETTLED_ROUTES} == validators.SETTLED_ROUTES


class DebtQuerySet(models.QuerySet):
    def registered_by(self, day: datetime.date) -> "DebtQuerySet":
        """Debts that exist on `day` (registered on or before it)."""
        return self.filter(registered_on__lte=day)

    def open_on(self, day: datetime.date) -> "DebtQuerySet":
        """Debts open on `day`: registered on or before it, not settled on or before it."""
        return self.filter(registered_on__lte=day).filter(
            models.Q(settled_on__isnull=True) | models.Q(settled_on__gt=day)
        )


class Debt(Versioned, Audited):
    """One debt to one creditor. Open on day D when registered_on <= D and (settled_on is
    empty or after D). `route` is the current route; `route_changes` its dated history."""

    DOMAIN = LifeDomain.FINANCES

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="debts")
    creditor = models.CharField(_("creditor"), max_length=200)
    amount = models.DecimalField(_("amount (€)"), max_digits=10, decimal_places=2)
    registered_on = models.DateField(_("registered on"))
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    route = models.CharField(
        _("route"), max_length=20, choices=DebtRoute.choices, default=DebtRoute.INVENTORY
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)

    objects = DebtQuerySet.as_manager()

    class Meta:
        ordering = ["registered_on", "pk"]
        verbose_name = _("debt")
        verbose_name_plural = _("debts")
        indexes = [
            models.Index(fields=["participant", "registered_on"], name="ld_debt_part_reg"),
            models.Index(fields=["participant", "settled_on"], name="ld_debt_part_settled"),
            models.Index(fields=["registered_on", "settled_on"], name="ld_debt_reg_settled"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="ld_debt_amount_gt_0"),
            models.CheckConstraint(
                condition=models.Q(settled_on__isnull=True)
                | models.Q(settled_on__gte=models.F("registered_on")),
                name="ld_debt_settled_after_registered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.creditor} € {self.amount}"

    @property
    def is_settled(self) -> bool:
        return self.settled_on is not None

    def is_open_on(self, day: datetime.date) -> bool:
        return self.registered_on <= day and (self.settled_on is None or self.settled_on > day)

    def clean(self) -> None:
        errors = validators.debt_errors(
            amount=self.amount,
            registered_on=self.registered_on,
            settled_on=self.settled_on,
            route=self.route,
            today=_today(),
        )
        if errors:
            raise ValidationError(errors)


class DebtRouteChange(models.Model):
    """A dated step on a debt's route ("on 3 March the credit bank took it over")."""

    debt = models.ForeignKey(Debt, on_delete=models.CASCADE, related_name="route_changes")
    route = models.CharField(_("route"), max_length=20, choices=DebtRoute.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "created_at", "pk"]
        verbose_name = _("route step")
        verbose_name_plural = _("route steps")

    def __str__(self) -> str:
        return f"{self.date}: {self.get_route_display()}"


class HousingKind(models.TextChoices):
    OWN_RENTAL = "own_rental", _("Own rented home")
    SOCIAL_HOUSING = "social_housing", _("Social housing")
    OWNER_OCCUPIED = "owner_occupied", _("Own home (bought)")
    WITH_FAMILY = "with_family", _("Living with parents or family")
    SUBLET = "sublet", _("Sublet (room or lodging)")
    SHELTER = "shelter", _("Shelter")
    HOMELESS = "homeless", _("Homeless")
    OTHER = "other", pgettext_lazy("housing kind", "Other")


class HousingStatusQuerySet(models.QuerySet):
    def latest_on(self, day: datetime.date) -> "HousingStatusQuerySet":
        """Per participant the record in force on `day`: the latest dated on or before it
        (ties: the last entered). One row per participant that has such a record."""
        latest = (
            HousingStatus.objects.filter(participant=models.OuterRef("participant"), date__lte=day)
            .order_by("-date", "-created_at", "-pk")
            .values("pk")[:1]
        )
        return self.filter(date__lte=day, pk=models.Subquery(latest))


class HousingStatus(Audited):
    """The housing situation from `date` on. The housing on day D is the record with the
    latest date on or before D."""

    DOMAIN = LifeDomain.FAMILY_STABILITY

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="housing")
    date = models.DateField(_("from"))
    kind = models.CharField(
        _("kind of housing"), max_length=20, choices=HousingKind.choices, blank=True
    )
    adequate = models.BooleanField(_("adequate housing"))
    situation = models.TextField(_("situation"), max_length=2000, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    objects = HousingStatusQuerySet.as_manager()

    class Meta:
        ordering = ["date", "created_at", "pk"]
        verbose_name = _("housing situation")
        verbose_name_plural = _("housing situations")
        indexes = [
            models.Index(fields=["participant", "date"], name="ld_housing_part_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_kind_display() or self.situation[:40]}"

    def clean(self) -> None:
        errors = validators.housing_errors(date=self.date, today=_today())
        if errors:
            raise ValidationError(errors)


class EducationQuerySet(models.QuerySet):
    def current_on(self, day: datetime.date) -> "EducationQuerySet":
        """Educations followed on `day`: started on or before it, not completed or stopped
        before it."""
        return self.filter(started_on__lte=day).filter(
            (models.Q(completed_on__isnull=True) | models.Q(completed_on__gte=day))
            & (models.Q(stopped_on__isnull=True) | models.Q(stopped_on__gte=day))
        )


class Education(Audited):
    DOMAIN = LifeDomain.EDUCATION

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="educations"
    )
    name = models.CharField(_("education"), max_length=200)
    level = models.CharField(_("level"), max_length=50, blank=True, help_text=_("e.g. mbo-2"))
    institution = models.CharField(_("school or institution"), max_length=200, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    objects = EducationQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "completed_on", "pk"]
        verbose_name = _("education")
        verbose_name_plural = _("educations")
        indexes = [
            models.Index(fields=["participant", "started_on"], name="ld_edu_part_started"),
            models.Index(fields=["participant", "completed_on"], name="ld_edu_part_completed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True) | models.Q(stopped_on__isnull=True),
                name="ld_edu_not_completed_and_stopped",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ended_on(self) -> datetime.date | None:
        return self.completed_on or self.stopped_on

    def is_current_on(self, day: datetime.date) -> bool:
        return (
            self.started_on is not None
            and self.started_on <= day
            and (self.ended_on is None or self.ended_on >= day)
        )

    def clean(self) -> None:
        errors = validators.education_errors(
            started_on=self.started_on,
            completed_on=self.completed_on,
            stopped_on=self.stopped_on,
            today=_today(),
        )
        if errors:
            raise ValidationError(errors)


class WorkKind(models.TextChoices):
    PAID = "paid", _("Paid work")
    PAID_SUPPORTED = "paid_supported", _("Paid work with support")
    INTERNSHIP = "internship", _("Internship")
    VOLUNTEER = "volunteer", _("Volunteer work")


PAID_WORK_KINDS = frozenset({WorkKind.PAID, WorkKind.PAID_SUPPORTED})
assert {str(k) for k in WorkKind} == validators.WORK_KINDS


class WorkPlacementQuerySet(models.QuerySet):
    def current_on(self, day: datetime.date) -> "WorkPlacementQuerySet":
        """Work on `day`: started on or before it, not ended before it (ended_on is the
        last working day)."""
        return self.filter(started_on__lte=day).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=day)
        )

    def paid(self) -> "WorkPlacementQuerySet":
        return self.filter(kind__in=PAID_WORK_KINDS)


class WorkPlacement(Audited):
    """Work, an internship or volunteer work. The employer is free text or a partner
    organisation (the partners offer placements)."""

    DOMAIN = LifeDomain.EMPLOYMENT

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="work")
    kind = models.CharField(_("kind of work"), max_length=20, choices=WorkKind.choices)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    employer_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_placements",
        verbose_name=_("partner organisation as employer"),
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)

    objects = WorkPlacementQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = _("work")
        verbose_name_plural = _("work")
        indexes = [
            models.Index(fields=["participant", "started_on"], name="ld_work_part_started"),
            models.Index(fields=["kind", "started_on"], name="ld_work_kind_started"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="ld_work_ended_after_started",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.employer_name}"

    @property
    def employer_name(self) -> str:
        if self.employer:
            return self.employer
        if self.employer_organisation_id:
            return self.employer_organisation.name
        return ""

    @property
    def is_paid(self) -> bool:
        return self.kind in PAID_WORK_KINDS

    def is_current_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)

    def clean(self) -> None:
        errors = validators.work_errors(
            kind=self.kind,
            employer=self.employer,
            has_employer_organisation=self.employer_organisation_id is not None,
            started_on=self.started_on,
            ended_on=self.ended_on,
            hours_per_week=self.hours_per_week,
            today=_today(),
        )
        if errors:
            raise ValidationError(errors)
