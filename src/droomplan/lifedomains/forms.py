"""Forms of the life-domain trackers. They parse input; the rules live in `services` (and
`validators`), whose errors the views add to these forms under the same field names."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from droomplan.accounts.models import Organisation
from droomplan.core.forms import SafeSubmitMixin, StyledForm
from droomplan.core.widgets import RadioGroup

from .models import DebtRoute, HousingKind, WorkKind

_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_amount(text: str) -> Decimal | None:
    """An amount in euros as people type it: 1250, 1250,50, 1.250,50, 1250.50, € 1.250."""
    text = (text or "").replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if text.startswith("-"):
        sign, text = "-", text[1:]
    else:
        sign = ""
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(text):
        text = text.replace(".", "")
    if not re.fullmatch(r"\d+(\.\d{1,2})?", text):
        raise ValueError(text)
    try:
        return Decimal(sign + text)
    except InvalidOperation as exc:  # pragma: no cover (the pattern above catches this)
        raise ValueError(text) from exc


class EuroField(forms.Field):
    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Fill in an amount in euros, for example 1250 or 1.250,50."),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": 20})

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value

    def to_python(self, value):
        try:
            return parse_amount(str(value or "")[:40])
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


def _date(label, *, required=False, help_text=""):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(), help_text=help_text
    )


def _note(label=None, help_text=""):
    return forms.CharField(
        label=label or _("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


class ServiceForm(SafeSubmitMixin, StyledForm):
    """A form whose cleaned data are the service's keyword arguments. `record`: the record it
    changes (None: a form that creates one, with a one-time token)."""

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


def _initial(instance, names) -> dict:
    return {name: getattr(instance, name) for name in names} if instance is not None else {}


# --- Debts -----------------------------------------------------------------------------------


class DebtForm(ServiceForm):
    creditor = forms.CharField(
        label=_("Creditor"),
        max_length=200,
        help_text=_("Who the debt is owed to, e.g. the health insurer or the energy company."),
    )
    amount = EuroField(label=_("Amount (€)"))
    registered_on = _date(
        _("Registered on"), required=True, help_text=_("The day the debt became known.")
    )
    route = forms.ChoiceField(
        label=_("Route"),
        choices=DebtRoute.choices,
        initial=DebtRoute.INVENTORY,
        widget=RadioGroup,
        help_text=_("Where the debt is now. You can change the route later."),
    )
    settled_on = _date(
        _("Settled on"),
        help_text=_("Only when the debt is paid off or remitted. Otherwise leave it empty."),
    )
    note = _note(help_text=_("Facts only, e.g. the file number at the credit bank."))

    FIELDS = ["creditor", "amount", "registered_on", "settled_on", "note"]

    def __init__(self, *args, debt=None, **kwargs):
        kwargs.setdefault("initial", _initial(debt, self.FIELDS))
        super().__init__(*args, record=debt, **kwargs)
        if debt is not None:
            # An existing debt changes route on its own page (with a date).
            del self.fields["route"]


class DebtInventoryForm(ServiceForm):
    """The day her debt situation was inventoried (the participant's `debt_inventory_on`)."""

    debt_inventory_on = _date(
        _("Debts inventoried on"),
        help_text=_(
            "The day you went through her debts with her. Also fill this in when she has no "
            "debts: without it her debt situation counts as unknown (“not measured”), not as "
            "debt-free. Leave it empty when it has not been done yet."
        ),
    )

    def __init__(self, *args, participant, **kwargs):
        kwargs.setdefault("initial", {"debt_inventory_on": participant.debt_inventory_on})
        super().__init__(*args, record=participant, **kwargs)


class DebtRouteForm(ServiceForm):
    route = forms.ChoiceField(label=_("New route"), choices=DebtRoute.choices, widget=RadioGroup)
    date = _date(_("From (date)"), required=True)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- Housing ---------------------------------------------------------------------------------

YES_NO = [("yes", pgettext_lazy("answer", "Yes")), ("no", pgettext_lazy("answer", "No"))]


class HousingForm(ServiceForm):
    date = _date(
        _("From (date)"),
        required=True,
        help_text=_("From when this is her housing situation."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of housing"),
        choices=[("", _("Choose…")), *HousingKind.choices],
        required=False,
    )
    adequate = forms.ChoiceField(
        label=_("Is this adequate housing?"),
        choices=YES_NO,
        widget=RadioGroup,
        help_text=_("Adequate: safe, affordable and stable enough for her and the children."),
        error_messages={"required": _("Choose yes or no.")},
    )
    situation = forms.CharField(
        label=_("Situation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In a few words, e.g. two-room flat, rent allowance applied for."),
    )
    note = _note()

    FIELDS = ["date", "kind", "situation", "note"]

    def __init__(self, *args, housing=None, **kwargs):
        initial = _initial(housing, self.FIELDS)
        if housing is not None:
            initial["adequate"] = "yes" if housing.adequate else "no"
        kwargs.setdefault("initial", initial)
        super().__init__(*args, record=housing, **kwargs)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["adequate"] = data["adequate"] == "yes"
        return data


# --- Education -------------------------------------------------------------------------------


class EducationForm(ServiceForm):
    name = forms.CharField(label=_("Education"), max_length=200)
    level = forms.CharField(
        label=_("Level"), max_length=50, required=False, help_text=_("For example mbo-2.")
    )
    institution = forms.CharField(label=_("School or institution"), max_length=200, required=False)
    started_on = _date(_("Started on"))
    completed_on = _date(_("Completed on (diploma)"))
    stopped_on = _date(_("Stopped on"), help_text=_("Only when she stopped without a diploma."))
    note = _note()

    FIELDS = ["name", "level", "institution", "started_on", "completed_on", "stopped_on", "note"]

    def __init__(self, *args, education=None, **kwargs):
        kwargs.setdefault("initial", _initial(education, self.FIELDS))
        super().__init__(*args, record=education, **kwargs)


# --- Work ------------------------------------------------------------------------------------


class WorkForm(ServiceForm):
    kind = forms.ChoiceField(label=_("Kind of work"), choices=WorkKind.choices, widget=RadioGroup)
    employer_organisation = forms.ModelChoiceField(
        label=_("At a partner organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Choose the organisation when the work or internship is at a partner."),
    )
    employer = forms.CharField(
        label=_("Employer"),
        max_length=200,
        required=False,
        help_text=_("The name of the employer, when it is not a partner organisation."),
    )
    started_on = _date(_("Started on"), required=True)
    ended_on = _date(_("Ended on"), help_text=_("The last working day. Empty while it lasts."))
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        required=False,
        max_digits=4,
        decimal_places=1,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    note = _note()

    FIELDS = [
        "kind",
        "employer_organisation",
        "employer",
        "started_on",
        "ended_on",
        "hours_per_week",
        "note",
    ]

    def __init__(self, *args, work=None, **kwargs):
        kwargs.setdefault("initial", _initial(work, self.FIELDS))
        super().__init__(*args, record=work, **kwargs)
        current = work.employer_organisation_id if work is not None else None
        field = self.fields["employer_organisation"]
        field.queryset = Organisation.objects.filter(Q(is_active=True) | Q(pk=current)).order_by(
            "name"
        )
        field.empty_label = _("Not a partner organisation")


class ConfirmForm(StyledForm):
    """Deleting asks for nothing but a click (and the CSRF token)."""
