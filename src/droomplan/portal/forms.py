from django import forms
from django.utils.translation import gettext_lazy as _

from droomplan.accounts.forms import NewPasswordForm
from droomplan.core.forms import SafeSubmitMixin, StyledForm


class InviteForm(StyledForm):
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_(
            "Her address from the case file is filled in. Leave it empty to only show the QR code."
        ),
    )


class ActivationForm(NewPasswordForm):
    """She chooses her own password (the same rules as for staff)."""

    def save(self, commit=True):  # the service sets the password
        raise NotImplementedError


class OwnActionForm(SafeSubmitMixin, StyledForm):
    """An action of her own for one of her goals."""

    description = forms.CharField(
        label=_("What are you going to do?"),
        max_length=300,
        help_text=_("One small step. For example: call the day-care centre."),
    )
    due_date = forms.DateField(label=_("Before which date? (optional)"), required=False)


class GoalNoteForm(SafeSubmitMixin, StyledForm):
    """A short note on one of her goals."""

    went_well = forms.CharField(
        label=_("What went well?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    difficult = forms.CharField(
        label=_("What is hard?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
