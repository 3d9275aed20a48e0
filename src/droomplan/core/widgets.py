"""Widgets of the UI kit. Forms built on `core.forms.StyledForm` get these looks automatically
(every `forms.DateInput` becomes a date picker, every radio or checkbox list a choice group);
use the classes directly in forms that are not styled forms."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as YYYY-MM-DD whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


CHOICE_GROUP_TEMPLATE = "ui/widgets/choice_group.html"


class CheckboxGroup(forms.CheckboxSelectMultiple):
    """Checkboxes, one per line, each next to its own label. The field template (ui/field.html)
    puts the group in a fieldset whose legend is the field's label."""

    template_name = CHOICE_GROUP_TEMPLATE


class RadioGroup(forms.RadioSelect):
    """Radio buttons, one per line, each next to its own label, in a fieldset (ui/field.html)."""

    template_name = CHOICE_GROUP_TEMPLATE
