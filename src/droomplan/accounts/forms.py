import logging

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from droomplan.core.forms import StyledForm, StyledFormMixin, StyledModelForm

from .models import Membership, Organisation, Role, SecurityEventKind, TokenScope, User
from .services import MembershipSpec

logger = logging.getLogger(__name__)


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


class PlainPasswordErrorsMixin:
    """For Django's password forms: the password rules in words, and the messages in Dutch."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _password_help()

    def validate_password_for_user(self, user, password_field_name="password2"):  # noqa: S107
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error(password_field_name, _plain_password_errors(error))


class StyledPasswordChangeForm(PlainPasswordErrorsMixin, StyledFormMixin, PasswordChangeForm):
    def save(self, commit=True):
        from .services import change_own_password

        return change_own_password(user=self.user, password=self.cleaned_data["new_password1"])


def _check_code(user, token: str) -> Device:
    """The device that accepts this code (authenticator or recovery code), or a clear error."""
    from .services import check_two_step_code

    result = check_two_step_code(user=user, token=token)
    if result.throttled:
        raise forms.ValidationError(
            _("Too many wrong codes. Wait a minute and try again with a new code.")
        )
    if result.device is None:
        raise forms.ValidationError(_("This code is not correct or has expired."))
    return result.device


def _code_field(label, help_text) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=30,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )


class TwoStepCodeForm(StyledForm):
    """A code from her authenticator app, or one of her recovery codes."""

    token = _code_field(
        _("Code"),
        _(
            "The six digits your authenticator app shows. Lost your phone? Enter one of your "
            "recovery codes instead."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: Device | None = None
        self.fields["token"].widget.attrs["autofocus"] = True

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        self.device = _check_code(self.user, token)
        return token


class NewAuthenticatorForm(StyledForm):
    """Set up an authenticator app. Replacing one needs a code of the current one (or a
    recovery code): a password alone never changes her second step."""

    token = forms.CharField(
        label=_("Code from the new app"),
        max_length=30,
        help_text=_("Six digits. A new code appears every 30 seconds."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
    current_token = _code_field(
        _("Code from your current app"),
        _("You already use an authenticator app. Enter its code, or one of your recovery codes."),
    )

    def __init__(self, *args, device, replacing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        if not replacing:
            del self.fields["current_token"]

    def clean_token(self) -> str:
        from .services import new_device_accepts

        token = self.cleaned_data["token"]
        if not new_device_accepts(self.device, token):
            raise forms.ValidationError(
                _("This code is not correct or has expired. Enter the code the new app shows now.")
            )
        return token

    def clean(self):
        cleaned = super().clean()
        # The current device's code is checked (and used up) only when the new code is right.
        if "current_token" in self.fields and "token" in cleaned and not self.errors:
            try:
                _check_code(self.device.user, cleaned.get("current_token") or "")
            except forms.ValidationError as error:
                self.add_error("current_token", error)
        return cleaned


class PasswordResetRequestForm(StyledFormMixin, PasswordResetForm):
    """Django's reset form, but logged, limited per account, and silent about failures: the
    answer is the same whether or not an account has this address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self._to_mail: list[User] = []

    def get_users(self, email):
        return self._to_mail

    def save(self, **kwargs):
        from .services import password_reset_requested

        email = self.cleaned_data["email"]
        self._to_mail = password_reset_requested(users=list(super().get_users(email)))
        super().save(**kwargs)

    def send_mail(self, *args, **kwargs):
        try:
            super().send_mail(*args, **kwargs)
        except Exception:  # noqa: BLE001 (a broken mail server must not reveal the account)
            logger.exception("Could not send a password-reset e-mail")


class NewPasswordForm(PlainPasswordErrorsMixin, StyledFormMixin, SetPasswordForm):
    """The new password chosen through a reset link."""

    def save(self, commit=True):
        from .services import reset_password

        return reset_password(user=self.user, password=self.cleaned_data["new_password1"])


# --- Management screens (functional administrator) -------------------------------------------


class OrganisationForm(StyledModelForm):
    class Meta:
        model = Organisation
        fields = ["code", "name", "kind", "is_active"]
        help_texts = {
            "code": _(
                "A short, unique name used in links and exports: lower-case letters, digits "
                "and hyphens, for example trajekt."
            ),
            "is_active": _(
                "People of an inactive organisation keep their account but lose the roles "
                "they have there. Organisations are never deleted."
            ),
        }
        error_messages = {
            "code": {
                "unique": _(
                    "There is already an organisation with this code. Choose another code."
                ),
                "invalid": _(
                    "Use only lower-case letters, digits and hyphens, for example trajekt."
                ),
            },
        }

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().lower()


def _min_password_length() -> int:
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, password_validation.MinimumLengthValidator):
            return validator.min_length
    return 0


def _password_help() -> str:
    return ngettext(
        "Use at least %(count)d character. Not only digits, not a common password and not "
        "like the name or username.",
        "Use at least %(count)d characters. Not only digits, not a common password and not "
        "like the name or username.",
        _min_password_length(),
    ) % {"count": _min_password_length()}


def _plain_password_errors(error: forms.ValidationError) -> list[forms.ValidationError]:
    """Django's messages, except the length one (not translated to Dutch in Django 5.2)."""
    result = []
    for item in error.error_list:
        if item.code == "password_too_short":
            count = (item.params or {}).get("min_length", _min_password_length())
            item = forms.ValidationError(
                ngettext(
                    "This password is too short. Use at least %(count)d character.",
                    "This password is too short. Use at least %(count)d characters.",
                    count,
                )
                % {"count": count},
                code="password_too_short",
            )
        result.append(item)
    return result


class PasswordPairMixin:
    """Two password fields that must be equal and pass Django's password validators."""

    password_fields = ("password1", "password2")
    password_required = True

    def _setup_password_fields(self) -> None:
        first, second = self.password_fields
        self.fields[first].help_text = _password_help()
        self.fields[first].required = self.password_required
        self.fields[second].required = self.password_required

    def clean(self):
        cleaned = super().clean()
        first, second = self.password_fields
        password1 = cleaned.get(first) or ""
        password2 = cleaned.get(second) or ""
        if (password1 or password2) and password1 != password2:
            self.add_error(
                second, _("The two passwords are not the same. Type the same password twice.")
            )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # After the instance has the typed username and names: the similarity check needs them.
        first, second = self.password_fields
        password = self.cleaned_data.get(first)
        if password and first not in self.errors and second not in self.errors:
            try:
                password_validation.validate_password(password, self.instance)
            except forms.ValidationError as error:
                self.add_error(first, _plain_password_errors(error))

    @property
    def new_password(self) -> str | None:
        return self.cleaned_data.get(self.password_fields[0]) or None


USER_LABELS = {
    "username": _("Username"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "email": _("E-mail address"),
    "is_active": _("Active"),
}
USER_HELP = {
    "username": _("The name this person logs in with. Letters, digits and @ . + - _ only."),
    "is_active": _("Only active users can log in. Turn this off instead of deleting someone."),
}


class UserCreateForm(PasswordPairMixin, StyledModelForm):
    password1 = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Initial password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active"]
        labels = USER_LABELS
        help_texts = USER_HELP
        error_messages = {
            "username": {
                "unique": _("There is already a user with this username. Choose another one."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_password_fields()
        self.fields["is_active"].initial = True


class UserEditForm(PasswordPairMixin, StyledModelForm):
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_fields = ("new_password1", "new_password2")
    password_required = False

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "is_active"]
        labels = USER_LABELS
        help_texts = USER_HELP

    def __init__(self, *args, acting_user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.acting_user = acting_user
        self._setup_password_fields()
        help_text = self.fields["new_password1"].help_text
        self.fields["new_password1"].help_text = format_lazy(
            "{} {}", _("Leave empty to keep the current password."), help_text
        )

    def clean_is_active(self) -> bool:
        is_active = self.cleaned_data["is_active"]
        if not is_active and self.acting_user is not None and self.instance == self.acting_user:
            raise forms.ValidationError(_("You cannot turn off your own account."))
        return is_active


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        if obj.is_active:
            return obj.name
        return gettext("%(name)s (inactive)") % {"name": obj.name}


class MembershipForm(StyledModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "role"]
        field_classes = {"organisation": OrganisationChoiceField}
        help_texts = {"organisation": ""}  # the page explains it once, above the table
        error_messages = {
            "role": {"required": _("Choose a role.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].empty_label = _("(no organisation)")
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = pgettext_lazy("membership", "Remove")


class BaseMembershipFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, keep_admin: bool = False, **kwargs):
        # keep_admin: the administrator is editing their own account.
        self.keep_admin = keep_admin
        super().__init__(*args, **kwargs)

    def specs(self) -> list[MembershipSpec]:
        """The memberships the user should have after saving (valid formset only)."""
        deleted = set(self.deleted_forms)
        result = []
        for form in self.forms:
            if form in deleted or not form.cleaned_data.get("role"):
                continue
            result.append(
                MembershipSpec(
                    role=form.cleaned_data["role"],
                    organisation=form.cleaned_data.get("organisation"),
                )
            )
        return result

    def clean(self):
        super().clean()
        if any(self.errors) or not self.keep_admin:
            return
        keeps_admin = any(
            spec.role == Role.ADMIN and spec.organisation and spec.organisation.is_active
            for spec in self.specs()
        )
        if not keeps_admin:
            raise forms.ValidationError(
                _(
                    "You cannot take away your own administrator role. "
                    "Ask another administrator to do this."
                )
            )


MembershipFormSet = forms.inlineformset_factory(
    User,
    Membership,
    form=MembershipForm,
    formset=BaseMembershipFormSet,
    fields=["organisation", "role"],
    extra=1,
    can_delete=True,
)


class UserFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, username or e-mail address."),
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("All organisations"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All roles")), *Role.choices]


class SecurityLogFilterForm(StyledForm):
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=150,
        help_text=_("Username of the person who acted or whom it is about."),
    )
    kind = forms.ChoiceField(label=_("What"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Everything")), *SecurityEventKind.choices]

    def clean_person(self) -> str:
        return self.cleaned_data["person"].strip()


class ApplicationTokenForm(StyledForm):
    """A new token for a partner organisation's system (docs/api.md)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("The system that uses it, for example: debt software of the credit bank."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        help_text=_(
            "The token sees and does what a partner professional of this organisation may: "
            "only families who gave this organisation consent, only the consented life domains."
        ),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the system may do"),
        choices=TokenScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[TokenScope.CASES_READ],
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: one year from today. At most two years."),
    )
