from django import forms
from django.utils.translation import gettext_lazy as _

from droomplan.accounts.forms import NewPasswordForm
from droomplan.core.forms import StyledForm


class InviteForm(StyledForm):
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_("Only when she wants the link by e-mail. Otherwise show her the QR code."),
    )


class ActivationForm(NewPasswordForm):
    """She chooses her own password (the same rules as for staff)."""

    def save(self, commit=True):  # the service sets the password
        raise NotImplementedError
