"""Forms of the consent pages. They parse input; the rules live in `access.services`."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from droomplan.core.domains import LifeDomain
from droomplan.core.forms import SafeSubmitMixin, StyledForm
from droomplan.core.widgets import CheckboxGroup, DateInput

from .files import MAX_FORM_SIZE, check_form_file
from .models import ConsentMethod
from .policy.base import model


def one_year_later(day: datetime.date) -> datetime.date:
    """The last day of a consent for one year that starts on `day`."""
    try:
        return day.replace(year=day.year + 1) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return datetime.date(day.year + 1, 2, 28)


class ConsentForm(SafeSubmitMixin, StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=model("accounts.Organisation").objects.none(),
        empty_label=_("Choose an organisation"),
        help_text=_("The organisation that may see part of her case."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Which parts of her case may they see?"),
        choices=LifeDomain.choices,
        widget=CheckboxGroup,
        help_text=_("Only what she agreed to. They see the goals and actions of these parts."),
        error_messages={"required": _("Choose at least one life domain.")},
    )
    given_on = forms.DateField(label=_("Consent given on"), widget=DateInput())
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "The last day the consent is valid. Usually one year. Empty: until she withdraws it."
        ),
    )
    method = forms.ChoiceField(
        label=_("How did she give consent?"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        initial=ConsentMethod.SIGNED_FORM,
        help_text=_("With verbal consent, you are the witness."),
    )
    form_file = forms.FileField(
        label=_("Signed form"),
        required=False,
        help_text=_(
            "A PDF, JPEG or PNG file of at most %(max)s MB. Only the coach and the "
            "programme lead can open it."
        )
        % {"max": MAX_FORM_SIZE // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    pending_file = forms.CharField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example what she wants them to know, or not."),
    )

    def __init__(self, *args, pending_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.pending_name = pending_name
        organisations = model("accounts.Organisation").objects
        self.fields["organisation"].queryset = organisations.filter(is_active=True)
        today = timezone.localdate()
        self.fields["given_on"].initial = today
        self.fields["expires_on"].initial = one_year_later(today)

    def clean_form_file(self):
        upload = self.cleaned_data.get("form_file")
        if upload:
            self.form_content_type = check_form_file(upload)
        return upload

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if (
            method == ConsentMethod.SIGNED_FORM
            and not data.get("form_file")
            and not self.pending_name
            and "form_file" not in self.errors
        ):
            self.add_error("form_file", _("Add the scan or photo of the signed form."))
        return data


class WithdrawForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_("She has withdrawn this consent. The organisation no longer sees her case."),
        error_messages={"required": _("Tick the box to confirm the withdrawal.")},
    )


class ResearchConsentForm(StyledForm):
    """Does she take part in research (the pseudonymised research export)? From which day?"""

    agrees = forms.ChoiceField(
        label=_("Does she take part in research?"),
        choices=[
            ("yes", _("Yes: she agrees that her data go, without her name, to the research")),
            ("no", _("No (more): she does not want to take part, or withdraws")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )
    on = forms.DateField(
        label=_("From (date)"),
        widget=forms.DateInput(),
        help_text=_("The day she said so."),
    )

    def __init__(self, *args, agrees_now: bool = False, **kwargs):
        kwargs.setdefault("initial", {"agrees": "no" if agrees_now else "yes"})
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate

    def service_kwargs(self) -> dict:
        return {"agrees": self.cleaned_data["agrees"] == "yes", "on": self.cleaned_data["on"]}
