"""Form helpers that give every form the NL Design System (Utrecht) look and accessible
error wiring: each input names its description and error message via aria-describedby.
Rendered by the UI kit's ui/form_fields.html and ui/field.html (see docs/architecture.md)."""

import datetime
import re
import secrets
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .concurrency import EditConflict
from .dates import EARLIEST, validate_birth_date, validate_plausible_date
from .services import AlreadySubmitted, submit_once
from .widgets import CHOICE_GROUP_TEMPLATE

T = TypeVar("T")

# Most specific first: CheckboxSelectMultiple is a subclass of RadioSelect. In a list of radio
# buttons or checkboxes the class goes on every input (the kit's choice-group template does not
# put it on the wrapper).
WIDGET_CLASSES = {
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
}
DEFAULT_INPUT_CLASS = "utrecht-textbox utrecht-textbox--html-input"


class StyledFormMixin:
    """Adds Utrecht classes and ARIA attributes to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next(
                (c for cls, c in WIDGET_CLASSES.items() if isinstance(widget, cls)),
                DEFAULT_INPUT_CLASS,
            )
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            if isinstance(field, forms.DateField):
                widget.attrs.setdefault("min", EARLIEST.isoformat())
            if isinstance(widget, forms.RadioSelect):
                widget.template_name = CHOICE_GROUP_TEMPLATE
            describedby = []
            # A list of choices is a fieldset: the fieldset names its description and errors.
            if field.help_text and not widget.use_fieldset:
                describedby.append(f"{self.add_prefix(name)}-help")
            if describedby:
                widget.attrs["aria-describedby"] = " ".join(describedby)

    def full_clean(self):
        super().full_clean()
        if self.is_bound and hasattr(self, "cleaned_data"):
            self._check_dates()
        # Errors are only known after validation: wire them to the widgets for screen readers.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                if widget.use_fieldset:
                    continue
                ids = set(widget.attrs.get("aria-describedby", "").split())
                ids.add(f"{self.add_prefix(name)}-error")
                widget.attrs["aria-describedby"] = " ".join(sorted(ids))

    def _check_dates(self) -> None:
        """The one rule for dates that make no sense (core/dates.py), on every date field,
        after the form's own (more precise) checks: not before 1900, not more than a hundred years
        ahead, a birth date not in the future."""
        for name, field in self.fields.items():
            if not isinstance(field, forms.DateField) or name not in self.cleaned_data:
                continue
            rule = validate_birth_date if name.endswith("birth_date") else validate_plausible_date
            try:
                rule(self.cleaned_data[name])
            except ValidationError as error:
                self.add_error(name, error)


class ShortListIterator(forms.models.ModelChoiceIterator):
    """The choices of a short list read with one plain query per form, kept for the form.
    Django's iterator reads them with `QuerySet.iterator()`, which on PostgreSQL is a
    server-side cursor (DECLARE, FETCH and CLOSE: three round trips) on every rendering."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ShortModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for a list of a few dozen rows at most (groups, municipalities)."""

    iterator = ShortListIterator


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    pass


VERSION_FIELD = "version"
TOKEN_FIELD = "form_token"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


class SafeSubmitMixin:
    """For a form that creates or changes a record: safe when the page is stale or sent twice.

    - Changing a `core.models.Versioned` record (`record=...`, or a ModelForm's saved
      instance): a hidden `version` field with the version the form was opened on. The
      service checks it (`core.concurrency.claim_version`); when someone else saved first,
      `run_service` shows the form again with what she typed, the values saved in the
      meantime (`show_conflict`) and the new version.
    - Creating a record: a hidden one-time `form_token`. `run_service` stores it with what the
      service created (`core.services.submit_once`): a second submission of the same form
      creates nothing and returns the first result.

    Both are hidden fields, rendered by `core/includes/form_fields.html` (or any template that
    renders `form.hidden_fields`), so every page a browser shows sends them. A post without
    them (a script, a test) is saved without these checks; a wrong value is refused."""

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        if record is None:
            instance = getattr(self, "instance", None)
            record = instance if instance is not None and instance.pk is not None else None
        self.record = record
        if record is not None:
            if hasattr(record, VERSION_FIELD):
                self.fields[VERSION_FIELD] = forms.IntegerField(
                    widget=forms.HiddenInput, min_value=1, initial=record.version, required=False
                )
        else:
            self.fields[TOKEN_FIELD] = forms.CharField(
                widget=forms.HiddenInput, initial=new_form_token, max_length=64, required=False
            )

    def clean_form_token(self):
        token = self.cleaned_data.get(TOKEN_FIELD, "")
        if token and not _TOKEN.match(token):
            raise ValidationError("invalid token")
        return token

    submitted_token: str | None = None

    def full_clean(self):
        super().full_clean()
        if self.is_bound and hasattr(self, "cleaned_data"):
            self._check_dates()
        # The token is for `run_service`, not for the service: take it out of cleaned_data.
        if hasattr(self, "cleaned_data"):
            self.submitted_token = self.cleaned_data.pop(TOKEN_FIELD, None)
        # The hidden fields have no place to show an error: say it above the form.
        for name in (VERSION_FIELD, TOKEN_FIELD):
            if name in self._errors:
                del self._errors[name]
                self.add_error(
                    None,
                    _(
                        "This form is out of date. Open the page again and enter your "
                        "changes once more."
                    ),
                )

    # -- edit conflicts --
    def current_values(self, current) -> dict:
        """The saved values of `current` for this form's fields (override for fields that
        are not model fields of the same name)."""
        values = {}
        for name in self.fields:
            if name == VERSION_FIELD or not hasattr(current, name):
                continue
            value = getattr(current, name)
            if hasattr(value, "all"):  # a many-to-many manager
                value = list(value.all())
            values[name] = value
        return values

    def show_conflict(self, current) -> None:
        """Someone else saved `current` while she edited: keep what she typed, show what is
        saved now (the fields where it differs from her input), and take the new version, so
        that saving again deliberately replaces it."""
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = str(current.version)
        self.record = current
        lines = []
        for name, value in self.current_values(current).items():
            field = self.fields.get(name)
            if field is None or name not in self.cleaned_data:
                continue
            if _comparable(value) == _comparable(self.cleaned_data[name]):
                continue
            lines.append(
                _("Saved now, %(field)s: %(value)s")
                % {"field": str(field.label), "value": display_value(field, value)}
            )
        self.add_error(
            None,
            [
                _(
                    "Someone else saved a change to this while you were editing it. Nothing "
                    "of yours has been saved yet: what you typed is still in the form."
                ),
                *lines,
                _(
                    "Check the form. Press the button again to save your version instead of "
                    "what is saved now."
                ),
            ],
        )


def _comparable(value):
    if value in (None, ""):
        return None
    if isinstance(value, models.Model):
        return (type(value), value.pk)
    if isinstance(value, list | tuple | set) or hasattr(value, "model"):
        return frozenset(_comparable(v) for v in value)
    return value


EMPTY = gettext_lazy("(empty)")


def display_value(field: forms.Field, value) -> str:
    """A saved value as people read it: choices by their label, dates in words, yes/no."""
    if value in (None, "") or (isinstance(value, list | tuple) and not value):
        return str(EMPTY)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, models.Model):
        return str(value)
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        flat = {}
        for key, label in choices:
            if isinstance(label, list | tuple):
                flat.update({str(k): v for k, v in label})
            else:
                flat[str(key)] = label
        if str(value) in flat:
            return str(flat[str(value)])
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    return str(value)


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has that
    field, otherwise at the top of the form. A form may react to the refusal itself in
    `service_refused(error)` (for example to ask for a confirmation)."""
    if hasattr(form, "service_refused"):
        form.service_refused(error)
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def run_service(form: forms.BaseForm, save: Callable[[], T]) -> T | None:
    """Validate `form`, then call `save()` (a service call that returns what it saved).

    Returns that result, or None when the form is invalid or the service refused the input;
    the service's ValidationError is then shown on the form, so the page re-shows with what
    the user typed. A create form with a one-time token (`SafeSubmitMixin`) that was already
    sent returns what the first submission created, and creates nothing; an edit form opened
    on an older version of the record shows the conflict."""
    if not form.is_valid():
        return None
    try:
        token = getattr(form, "submitted_token", None)
        if token:
            return submit_once(token=token, save=save)
        return save()
    except AlreadySubmitted as done:
        if done.result is not None:
            return done.result
        form.add_error(None, _("This form has already been sent. Nothing was saved twice."))
        return None
    except EditConflict as conflict:
        if isinstance(form, SafeSubmitMixin):
            form.show_conflict(conflict.current)
        else:
            add_service_error(form, conflict)
        return None
    except ValidationError as error:
        add_service_error(form, error)
        return None
