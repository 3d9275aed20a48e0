from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from droomplan.core.forms import StyledForm, StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    # One neutral message for every failure: it never tells whether the user exists.
    error_messages = {
        "invalid_login": _("The username or password is not correct. Please try again."),
        "inactive": _("The username or password is not correct. Please try again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class TokenForm(StyledForm):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("Six digits. A new code appears every 30 seconds."),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the six digits from your app."))
        device = self.device
        allowed, _data = device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes. Wait a minute and try again with a new code.")
            )
        if not device.verify_token(token):
            raise forms.ValidationError(_("This code is not correct or has expired."))
        return token
