"""The form renderer (settings.FORM_RENDERER): Django's own, with the most common widget
templates written out in Python.

Django renders every widget with a template, and a select with one more template (and an
`attrs.html` include) per option: on a list page with a filter form that was a fifth of the
request's CPU (docs/performance.md, "Application CPU per request"). For the templates below the
renderer builds the same HTML in Python, and for the project's own radio and checkbox lists
(`ui/widgets/choice_group.html`; the outcome report's hundred cohorts); every other template
(forms, errors, Django's own radio lists, ...) is rendered by Django as before.

The output must be exactly what Django's templates give, character for character:
`core/tests/test_form_renderer.py` renders many widgets both ways and compares them. The stock
templates cannot be overridden in this project (the form renderer looks in Django's own
directory before the apps'), so these copies cannot drift from an override either; a new Django
version whose widget templates change would fail that test."""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
# Templates that are `{% include "django/forms/widgets/input.html" %}` and nothing else.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "search",
        "number",
        "email",
        "url",
        "tel",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "checkbox",
        "color",
    )
)
SELECT_TEMPLATE = f"{WIDGETS}select.html"
SELECT_OPTION_TEMPLATE = f"{WIDGETS}select_option.html"
TEXTAREA_TEMPLATE = f"{WIDGETS}textarea.html"
CHOICE_GROUP_TEMPLATE = "ui/widgets/choice_group.html"  # core.widgets' checkbox and radio lists

# How a template prints `{{ value }}` (localised, escaped unless safe). Read-only here.
_CONTEXT = Context(autoescape=True)


def _show(value) -> str:
    """`{{ value }}`."""
    if type(value) is str:  # most names and labels: nothing to localise, not marked safe
        return escape(value)
    if isinstance(value, Promise):  # a translated label (perhaps marked safe)
        return conditional_escape(str(value))
    return render_value_in_context(value, _CONTEXT)


def _stringformat(value) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe string safe (also a lazy one,
    whose "%s" is safe), the rest is escaped."""
    if isinstance(value, tuple):
        value = str(value)
    text = "%s" % value  # noqa: UP031 (as the filter formats)
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_show(name)}")
        if value is not True:
            parts.append(f'="{_stringformat(value)}"')
    return "".join(parts)


def _input(widget) -> str:
    """django/forms/widgets/input.html (and every template that only includes it)."""
    value = widget["value"]
    shown = f' value="{_stringformat(value)}"' if value != None else ""  # noqa: E711 (as the template)
    return (
        f'<input type="{_show(widget["type"])}" name="{_show(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _select(widget) -> str | None:
    """django/forms/widgets/select.html with select_option.html; None when an option has
    another template (Django renders those)."""
    parts = [f'<select name="{_show(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_show(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != SELECT_OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_stringformat(option["value"])}"'
                f"{_attrs(option['attrs'])}>{_show(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget) -> str:
    """django/forms/widgets/textarea.html."""
    value = widget["value"]
    return (
        f'<textarea name="{_show(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_show(value) if value else ''}</textarea>"
    )


def _choice_group(widget) -> str:
    """ui/widgets/choice_group.html, with input.html (and its newline) per option: the report
    page's list of a hundred cohorts took a quarter of its time as templates."""
    box_id = widget["attrs"].get("id")
    opening = f'<div id="{_show(box_id)}" class="dp-choice-group">' if box_id else None
    parts = [opening or '<div class="dp-choice-group">']
    for _group_name, options, _index in widget["optgroups"]:
        for option in options:
            kind = "radio" if option["type"] == "radio" else "checkbox"
            parts.append(
                f'\n  <div class="utrecht-form-field utrecht-form-field--{kind} dp-choice">\n'
                f'    <div class="utrecht-form-field__input">{_input(option)}\n</div>\n'
                f'    <div class="utrecht-form-field__label utrecht-form-field__label--{kind}">'
                f'<label class="utrecht-form-label utrecht-form-label--{kind}" '
                f'for="{_show(option["attrs"].get("id", ""))}">{_show(option["label"])}</label>'
                "</div>\n  </div>"
            )
    parts.append("\n</div>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    """Django's default renderer; the common widget templates built in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if len(context) == 1 else None
        if isinstance(widget, dict):
            if template_name in INPUT_TEMPLATES:
                return _input(widget)
            if template_name == SELECT_TEMPLATE:
                html = _select(widget)
                if html is not None:
                    return html
            elif template_name == TEXTAREA_TEMPLATE:
                return _textarea(widget)
            elif template_name == CHOICE_GROUP_TEMPLATE:
                return _choice_group(widget)
        return super().render(template_name, context, request=request)
