from django import forms

from droomplan.core.forms import StyledForm

from .kinds import Delivery


def preferences_form(choices: list[tuple[str, str, str]], data=None) -> StyledForm:
    """A form with one choice (immediate / digest / off) per kind her roles can get."""
    fields = {
        kind: forms.ChoiceField(label=label, choices=Delivery.choices, initial=current)
        for kind, label, current in choices
    }
    form_class = type("PreferencesForm", (StyledForm,), fields)
    return form_class(data)
