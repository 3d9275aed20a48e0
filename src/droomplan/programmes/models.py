import datetime

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

cbs_code_validator = RegexValidator(
    r"^GM\d{4}$", _("A CBS municipality code is GM followed by four digits, e.g. GM0935.")
)


class Municipality(models.Model):
    cbs_code = models.CharField(
        _("CBS code"), max_length=6, unique=True, validators=[cbs_code_validator]
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    max_age_at_intake = models.PositiveSmallIntegerField(
        _("maximum age at intake"),
        default=27,
        validators=[MinValueValidator(12), MaxValueValidator(99)],
        help_text=_("Inclusive: a mother of exactly this age on the intake date is eligible."),
    )
    cohort_size = models.PositiveSmallIntegerField(
        _("mothers per cohort"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="programmes", blank=True, verbose_name=_("municipalities")
    )
    # Measurement schedule (instruments).
    baseline_window_weeks = models.PositiveSmallIntegerField(
        _("weeks for the first measurement"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("The first (baseline) measurement is due within this many weeks of the start."),
    )
    follow_up_months = models.PositiveSmallIntegerField(
        _("months between measurements"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    # Privacy: how long a file is kept after the trajectory ends, then anonymised.
    retention_years = models.PositiveSmallIntegerField(
        _("years to keep a file after the end"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    # Early signals.
    signal_first_contact_days = models.PositiveSmallIntegerField(
        _("working days for the first contact after a signal"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    signal_retention_months = models.PositiveSmallIntegerField(
        _("months to keep a signal that led to no intake"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    # Escalations to the board.
    escalation_deadline_days = models.PositiveSmallIntegerField(
        _("working days for the board to decide on an escalation"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    # The coach's work list: a family without a contact moment for this long is listed.
    contact_gap_weeks = models.PositiveSmallIntegerField(
        _("weeks without contact before a family is listed"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )
    # Outcome reports: smaller cells are shown as "< n" in exports for outside the programme.
    small_cell_threshold = models.PositiveSmallIntegerField(
        _("smallest group shown in external reports"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    # Days the programme is closed besides weekends and Dutch public holidays (ISO dates):
    # deadlines in working days skip them (`core.workdays`, `closed_days`).
    closing_days = models.JSONField(_("extra closing days"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    @property
    def closing_dates(self) -> list[datetime.date]:
        """Its extra closing days as dates, in order."""
        return sorted(datetime.date.fromisoformat(day) for day in self.closing_days)

    @property
    def closed_days(self) -> frozenset[datetime.date]:
        """Its extra closing days, for `core.workdays` (`extra_closed=`)."""
        return frozenset(self.closing_dates)


class Cohort(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("programme")
    )
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start date"))

    class Meta:
        ordering = ["start_date", "code"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_cohort_code"),
        ]

    def __str__(self) -> str:
        return self.name
