import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from droomplan.core.dates import validate_plausible_date
from droomplan.core.forms import StyledModelForm

from .models import Cohort, Municipality, Programme, cbs_code_validator

CODE_HELP = _(
    "A short, unique name used in links and exports: lower-case letters, digits and hyphens."
)
CODE_INVALID = _("Use only lower-case letters, digits and hyphens, for example droommoeders.")


class MunicipalityForm(StyledModelForm):
    class Meta:
        model = Municipality
        fields = ["cbs_code", "name"]
        help_texts = {
            "cbs_code": _(
                "The code of Statistics Netherlands (CBS): GM and four digits, e.g. GM0935."
            ),
        }
        error_messages = {
            "cbs_code": {
                "unique": _("There is already a municipality with this CBS code."),
                "max_length": cbs_code_validator.message,
            },
        }

    def clean_cbs_code(self) -> str:
        # Be kind to how people type it: " gm 0935 " is GM0935.
        return "".join(self.cleaned_data["cbs_code"].split()).upper()


class ClosingDaysField(forms.CharField):
    """Dates, one a line (27-12-2027 or 2027-12-27): the sorted list of distinct dates."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):  # the stored ISO dates (a machine value, like a date input)
            return "\n".join(str(day) for day in value)
        return value

    def to_python(self, value) -> list[datetime.date]:
        days = set()
        for line in (super().to_python(value) or "").splitlines():
            text = line.strip()
            if not text:
                continue
            day = _parse_day(text)
            if day is None:
                raise ValidationError(
                    _("“%(value)s” is not a date. Write one date a line, like 27-12-2027."),
                    code="invalid",
                    params={"value": text[:30]},
                )
            validate_plausible_date(day)
            days.add(day)
        return sorted(days)


def _parse_day(text: str) -> datetime.date | None:
    for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class ProgrammeForm(StyledModelForm):
    """The settings of a programme. Its municipalities are a separate form (a fieldset)."""

    closing_days = ClosingDaysField(
        label=_("Extra closing days"),
        required=False,
        help_text=_(
            "Days the programme is closed besides weekends and public holidays, one date a "
            "line (like 27-12-2027). Deadlines in working days skip them."
        ),
    )

    class Meta:
        model = Programme
        fields = [
            "code",
            "name",
            "max_age_at_intake",
            "cohort_size",
            "baseline_window_weeks",
            "follow_up_months",
            "retention_years",
            "signal_first_contact_days",
            "signal_retention_months",
            "escalation_deadline_days",
            "contact_gap_weeks",
            "small_cell_threshold",
        ]
        help_texts = {"code": CODE_HELP}
        error_messages = {
            "code": {
                "unique": _("There is already a programme with this code. Choose another code."),
                "invalid": CODE_INVALID,
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not a model field of the form: the service stores the dates (as ISO strings).
        self.initial.setdefault("closing_days", self.instance.closing_days)

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().lower()


class ProgrammeMunicipalitiesForm(StyledModelForm):
    class Meta:
        model = Programme
        fields = ["municipalities"]
        widgets = {"municipalities": forms.CheckboxSelectMultiple}
        help_texts = {
            "municipalities": _("Mothers who live in these municipalities can join the programme.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["municipalities"]
        field.queryset = Municipality.objects.order_by("name")
        # CheckboxSelectMultiple subclasses RadioSelect, so the shared mixin picks the radio
        # class; the fieldset (not each box) carries the description.
        field.widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"
        field.widget.attrs.pop("aria-describedby", None)


class CohortForm(StyledModelForm):
    class Meta:
        model = Cohort
        fields = ["code", "name", "start_date"]
        widgets = {"start_date": forms.DateInput}
        help_texts = {
            "code": _(
                "Short and unique within this programme: lower-case letters, digits and "
                "hyphens, for example 2025-spring."
            ),
            "name": _("The name everyone uses, for example Group spring 2025."),
            "start_date": _("The date of the first group meeting."),
        }
        error_messages = {"code": {"invalid": CODE_INVALID}}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().lower()
        others = Cohort.objects.filter(programme=self.programme, code=code)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("This programme already has a group with this code. Choose another code.")
            )
        return code
