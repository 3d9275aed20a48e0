"""Form helpers that give every form the NL Design System (Utrecht) look and accessible
error wiring: each input names its description and error message via aria-describedby.
Rendered by the UI kit's ui/form_fields.html and ui/field.html (see docs/architecture.md)."""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError

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


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    pass


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has that
    field, otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def run_service(form: forms.BaseForm, save: Callable[[], T]) -> T | None:
    """Validate `form`, then call `save()` (a service call that returns what it saved).

    Returns that result, or None when the form is invalid or the service refused the input;
    the service's ValidationError is then shown on the form, so the page re-shows with what
    the user typed."""
    if not form.is_valid():
        return None
    try:
        return save()
    except ValidationError as error:
        add_service_error(form, error)
        return None
