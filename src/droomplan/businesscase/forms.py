"""Forms of the business case: the report's filter is the outcome report's; these are the
inputs. They parse; the rules live in `services`."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from droomplan.accounts.models import Organisation
from droomplan.core.forms import SafeSubmitMixin, StyledForm
from droomplan.core.widgets import RadioGroup
from droomplan.lifedomains.forms import EuroField

from .models import Purpose


class NumberField(EuroField):
    """A number as people type it (1,5 or 1.250,50); empty is allowed."""

    default_error_messages = {"invalid": _("Fill in a number, for example 75 or 1,5.")}


class ServiceForm(SafeSubmitMixin, StyledForm):
    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class AssumptionForm(ServiceForm):
    low = NumberField(label=_("Low"), required=False)
    central = NumberField(label=_("Central"), required=False)
    high = NumberField(label=_("High"), required=False)
    valid_from = forms.DateField(
        label=_("Valid from"),
        widget=forms.DateInput(),
        help_text=_("Reports on this day and later use these values."),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the values come from: a report, a budget, a collective agreement."),
    )
    source_url = forms.URLField(
        label=_("Link to the source"), required=False, max_length=500, assume_scheme="https"
    )
    note = forms.CharField(label=_("Reason for the change"), required=False, max_length=500)
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, definition, current, **kwargs):
        initial = {"valid_from": timezone.localdate(), "based_on": current.version_id or 0}
        for name in ("low", "central", "high"):
            initial[name] = current.level(name)
        initial["source"] = current.source
        initial["source_url"] = current.source_url
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for name in ("low", "central", "high"):
            self.fields[name].help_text = definition.unit_label


class ContributionForm(ServiceForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    hours = NumberField(label=_("Hours"), required=False, help_text=_("Hours in this year."))
    euros = EuroField(label=_("Amount (€)"), required=False, help_text=_("Money in this year."))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, contribution=None, **kwargs):
        if contribution is not None:
            kwargs.setdefault(
                "initial",
                {
                    "hours": contribution.hours,
                    "euros": contribution.euros,
                    "note": contribution.note,
                },
            )
        else:
            kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, record=contribution, **kwargs)
        if contribution is not None:
            del self.fields["organisation"], self.fields["year"]


class SpendingForm(ServiceForm):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput())
    amount = EuroField(label=_("Amount (€)"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices, widget=RadioGroup)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=200,
        help_text=_("Facts only, e.g. 'driving lessons' or 'childcare during the course'."),
    )

    FIELDS = ["date", "amount", "purpose", "description"]

    def __init__(self, *args, spending=None, **kwargs):
        if spending is not None:
            kwargs.setdefault("initial", {n: getattr(spending, n) for n in self.FIELDS})
        super().__init__(*args, record=spending, **kwargs)
