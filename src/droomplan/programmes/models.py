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

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


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
