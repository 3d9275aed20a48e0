"""The filter of the report page: programme, cohorts, municipalities, reference date.

Readers outside the programme (board, analysts) get no cohort or municipality choice: their
report is always the whole programme with fixed breakdowns, on a quarter end (see
`report.for_outside`)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from droomplan.core.forms import StyledForm
from droomplan.programmes.models import Cohort, Municipality, Programme

from .metrics import Selection

EARLIEST = datetime.date(2000, 1, 1)


class ReportFilterForm(StyledForm):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    as_of = forms.DateField(
        label=_("Reference date"),
        required=False,
        help_text=_("The figures as they were on this day. Empty: today."),
        widget=forms.DateInput(),
    )
    cohorts = forms.ModelMultipleChoiceField(
        label=_("Cohorts"),
        queryset=Cohort.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all cohorts."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all municipalities."),
    )

    def __init__(self, *args, external: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.external = external
        if external:
            del self.fields["cohorts"], self.fields["municipalities"]
            self.fields["as_of"].help_text = _(
                "Figures for outside the programme are about the whole programme, on the last "
                "day of a quarter that has ended: the one on or before this date."
            )
        programmes = Programme.objects.order_by("name")
        self.fields["programme"].queryset = programmes
        self.programmes = list(programmes)
        if len(self.programmes) <= 1:
            self.fields["programme"].widget = forms.HiddenInput()
        self.fields["programme"].empty_label = None
        if not external:
            chosen = self._chosen_programme()
            self.fields["cohorts"].queryset = (
                Cohort.objects.filter(programme=chosen).order_by("start_date", "code")
                if chosen
                else Cohort.objects.none()
            )
            self.fields["municipalities"].queryset = Municipality.objects.order_by("name")
            self.fields["cohorts"].error_messages["invalid_choice"] = _(
                "This cohort does not exist (any more). Choose from the list."
            )
            self.fields["municipalities"].error_messages["invalid_choice"] = _(
                "This municipality does not exist. Choose from the list."
            )
        self.fields["as_of"].error_messages["invalid"] = _(
            "Enter a date like 30-06-2026 (day, month, year)."
        )

    def _chosen_programme(self) -> Programme | None:
        value = self.data.get(self.add_prefix("programme")) if self.is_bound else None
        for programme in self.programmes:
            if str(programme.pk) == str(value):
                return programme
        return self.programmes[0] if self.programmes else None

    def clean_as_of(self):
        value = self.cleaned_data.get("as_of")
        if value and value < EARLIEST:
            raise ValidationError(_("Choose a reference date after 1 January 2000."))
        return value or timezone.localdate()

    def clean_programme(self):
        return self.cleaned_data.get("programme") or self._chosen_programme()

    def selection(self) -> Selection:
        data = self.cleaned_data
        return Selection(
            data["programme"],
            tuple(sorted(data.get("cohorts") or [], key=lambda c: c.code)),
            tuple(sorted(data.get("municipalities") or [], key=lambda m: m.cbs_code)),
        )
