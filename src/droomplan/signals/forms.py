"""Forms of early signals. They clean and check input; the services do the writes.

Free text from the public form is treated as hostile: control characters, null bytes and
bidirectional overrides are removed, text is normalised (NFC) and size-limited; templates
escape it on the way out."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import Verb, can
from droomplan.access.policy.staff import coaches, signal_contacts
from droomplan.cases.forms import PHONE, DuplicateCheckMixin, ParticipantFieldsMixin
from droomplan.core.forms import SafeSubmitMixin, StyledForm
from droomplan.core.widgets import DateInput
from droomplan.programmes.models import Municipality, Programme

from .models import (
    CONCERN_MAX,
    MOTHER_CONTACT_MAX,
    NAME_MAX,
    PHONE_MAX,
    MotherKnows,
    SignallerRole,
)
from .services import IntakeData, SignalData

HONEYPOT = "website"
# C0 controls except tab and newline, DEL, C1 controls, zero-width space, LRM/RLM, bidi
# embeddings/overrides/isolates and the byte-order mark.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def clean_text(value: str) -> str:
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _UNSAFE.sub("", value)


class SafeCharField(forms.CharField):
    """A CharField that removes what has no business in text before validating it."""

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_text(value)
        return super().to_python(value)


def _textarea(rows: int, max_length: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": max_length})


class SignalForm(SafeSubmitMixin, StyledForm):
    """What a signaller tells us (the public form; staff use it too for a phone signal)."""

    signaller_role = forms.ChoiceField(
        label=_("Who are you?"), choices=SignallerRole.choices, widget=forms.RadioSelect
    )
    concern = SafeCharField(
        label=_("What have you noticed?"),
        max_length=CONCERN_MAX,
        widget=_textarea(8, CONCERN_MAX),
        help_text=_(
            "Describe what you saw or heard, and since when. Only write what is needed. "
            "At most 4000 characters."
        ),
    )
    mother_name = SafeCharField(
        label=_("Name of the mother"),
        max_length=NAME_MAX,
        required=False,
        help_text=_("Optional. Only if you know it."),
    )
    mother_contact = SafeCharField(
        label=_("How can we reach the mother?"),
        max_length=MOTHER_CONTACT_MAX,
        required=False,
        widget=_textarea(3, MOTHER_CONTACT_MAX),
        help_text=_("Optional. For example her address, phone number or school."),
    )
    mother_knows = forms.ChoiceField(
        label=_("Does the mother know that you are passing this on?"),
        choices=MotherKnows.choices,
        initial=MotherKnows.UNKNOWN,
        widget=forms.RadioSelect,
    )
    signaller_name = SafeCharField(
        label=_("Your name"), max_length=NAME_MAX, required=False, help_text=_("Optional.")
    )
    signaller_phone = SafeCharField(
        label=_("Your phone number"),
        max_length=PHONE_MAX,
        required=False,
        help_text=_("Optional. So the contact person can call you with questions."),
    )
    signaller_email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        max_length=254,
        help_text=_(
            "Optional. We send you a message when your signal is picked up and when it is "
            "closed. We never send details about the mother."
        ),
    )

    def clean_signaller_phone(self):
        phone = self.cleaned_data.get("signaller_phone", "").strip()
        if phone and not PHONE.match(phone):
            raise ValidationError(_("Enter a phone number with digits only, e.g. 06 12345678."))
        return phone

    def signal_data(self) -> SignalData:
        fields = {name: self.cleaned_data[name] for name in SignalData.__dataclass_fields__}
        return SignalData(**fields)


class PhoneSignalForm(SignalForm):
    """A signal that staff received by phone: they also choose the municipality."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality where the mother lives"), queryset=Municipality.objects.none()
    )

    field_order = ["municipality"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = programme_municipalities()
        self.fields["signaller_role"].label = _("Who called?")
        self.fields["concern"].label = _("What did the caller notice?")
        self.fields["mother_knows"].label = _("Does the mother know about this signal?")
        self.fields["signaller_name"].label = _("Name of the caller")
        self.fields["signaller_phone"].label = _("Phone number of the caller")
        self.fields["signaller_email"].label = _("E-mail address of the caller")
        self.fields["concern"].help_text = _(
            "Write down what the caller saw or heard, and since when. At most 4000 characters."
        )
        self.fields["signaller_phone"].help_text = _(
            "Optional. So the contact person can call back with questions."
        )
        self.fields["signaller_email"].help_text = _(
            "Optional. The caller gets a message when the signal is picked up and when it is "
            "closed, without details about the mother."
        )


def programme_municipalities():
    return Municipality.objects.filter(programmes__isnull=False).distinct().order_by("name")


class StepForm(StyledForm):
    """A triage step: an optional note, plus what the step needs."""

    referred_to = SafeCharField(
        label=_("Referred to which organisation"), max_length=200, required=True
    )
    reason = SafeCharField(
        label=_("Why is nothing done with this signal?"),
        max_length=500,
        required=True,
        widget=_textarea(3, 500),
    )
    note = SafeCharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=_textarea(3, 2000),
        help_text=_("Optional. For the file: what was agreed. The signaller never sees this."),
    )

    def __init__(self, *args, to_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        if to_status != "referred":
            del self.fields["referred_to"]
        if to_status != "no_action":
            del self.fields["reason"]


class IntakeStepForm(DuplicateCheckMixin, ParticipantFieldsMixin, StepForm):
    """The intake: the mother's details for her case file, prefilled from the signal."""

    given_name = SafeCharField(label=_("First name"), max_length=100)
    family_name = SafeCharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput())
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none()
    )
    intake_date = forms.DateField(label=_("Intake date"), widget=DateInput())
    phone = SafeCharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = SafeCharField(label=_("Address"), max_length=300, required=False)
    coach = forms.ModelChoiceField(
        label=_("Coach"),
        queryset=coaches().none(),
        required=False,
        help_text=_("Optional. You can also choose the coach later."),
    )

    field_order = [
        "given_name",
        "family_name",
        "birth_date",
        "municipality",
        "intake_date",
        "phone",
        "email",
        "address",
        "coach",
        "note",
    ]

    def __init__(self, *args, signal, user, **kwargs):
        super().__init__(*args, to_status="intake", **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        given, _sep, family = (signal.mother_name or "").strip().partition(" ")
        self.fields["given_name"].initial = given
        self.fields["family_name"].initial = family
        self.fields["municipality"].initial = signal.municipality_id
        self.fields["intake_date"].initial = timezone.localdate
        if can(user, Verb.ASSIGN_COACH):
            self.fields["coach"].queryset = coaches()
        else:
            del self.fields["coach"]

    def clean_intake_date(self):
        value = self.cleaned_data.get("intake_date")
        if value and value > timezone.localdate():
            raise ValidationError(_("The intake date cannot be in the future."))
        return value

    def intake_data(self) -> IntakeData:
        fields = {name: self.cleaned_data.get(name) for name in IntakeData.__dataclass_fields__}
        return IntakeData(**fields)


class RouteForm(StyledForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none()
    )
    contact = forms.ModelChoiceField(
        label=_("Contact person"),
        queryset=signal_contacts().none(),
        help_text=_("A user with the role municipal contact person."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = Programme.objects.all()
        self.fields["programme"].queryset = programmes
        if len(programmes[:2]) == 1:
            self.fields["programme"].initial = programmes[0].pk
        self.fields["municipality"].queryset = programme_municipalities()
        self.fields["contact"].queryset = signal_contacts()
