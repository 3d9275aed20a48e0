"""The form renderer writes the common widget templates out in Python: its HTML must be
exactly Django's, for every kind of value and attribute."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from droomplan.core import form_renderer
from droomplan.core.form_renderer import FormRenderer
from droomplan.core.widgets import CheckboxGroup, RadioGroup

FAST = FormRenderer()
DJANGO = DjangoTemplates()

ATTRS = [
    {},
    {"class": "utrecht-textbox", "id": "id_x", "required": True, "disabled": False},
    {"aria-describedby": "x-help x-error", "aria-invalid": "true", "maxlength": 100},
    {"placeholder": 'a "quote" & <tag>', "data-x": mark_safe("<b>safe</b>"), "min": None},
    {"title": gettext_lazy("Search"), "step": Decimal("0.5"), "tuple": (1, 2)},
    {"title": mark_safe(gettext_lazy("<b>lazy & safe</b>")), "data-n": 1.5, "data-d": None},
]
VALUES = [
    None,
    "",
    "plain",
    'a "quote" & <script>',
    mark_safe("<i>safe</i>"),
    0,
    12,
    Decimal("1.50"),
    datetime.date(2026, 11, 30),
    gettext_lazy("Search"),
    mark_safe(gettext_lazy("<b>lazy & safe</b>")),
]
CHOICES = [
    ("", "All"),
    ("open", "Open & <active>"),
    (1, gettext_lazy("Search")),
    (2, mark_safe("<b>two</b>")),
    (3, mark_safe(gettext_lazy("<b>lazy & safe</b>"))),
    (4, gettext_lazy("All <b>")),
    (5, 5),
    (6, datetime.date(2026, 1, 2)),
    ("Group", [("a", "A"), ("b", 'B "quoted"')]),
    (None, "none"),
]


def both(widget, name, value, attrs=None):
    fast = widget.render(name, value, attrs=attrs, renderer=FAST)
    django = widget.render(name, value, attrs=attrs, renderer=DJANGO)
    return fast, django


INPUT_WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.CheckboxInput,
    forms.SearchInput,
    forms.TelInput,
    forms.ColorInput,
]


@pytest.mark.parametrize("widget_class", INPUT_WIDGETS)
@pytest.mark.parametrize("attrs", ATTRS)
def test_inputs_are_exactly_djangos(widget_class, attrs):
    for value in [*VALUES, True, False]:
        for language in ("nl", "en"):
            with override(language):
                fast, django = both(widget_class(attrs=dict(attrs)), "q", value)
            assert fast == django, (widget_class, value)


@pytest.mark.parametrize(
    "widget_class", [forms.Select, forms.SelectMultiple, forms.NullBooleanSelect]
)
@pytest.mark.parametrize("attrs", ATTRS)
def test_selects_are_exactly_djangos(widget_class, attrs):
    values = [None, "", "open", 1, "1", "b", ["open", "2"], [], True, False, "unknown"]
    for value in values:
        widget = widget_class(attrs=dict(attrs))
        if widget_class is forms.NullBooleanSelect:
            if isinstance(value, list):
                continue
        else:
            widget.choices = CHOICES
        fast, django = both(widget, "status", value)
        assert fast == django, (widget_class, value)


@pytest.mark.parametrize("attrs", ATTRS)
def test_textareas_are_exactly_djangos(attrs):
    for value in [*VALUES, "line\nline"]:
        fast, django = both(forms.Textarea(attrs=dict(attrs)), "note", value)
        assert fast == django, value


def test_a_select_with_other_option_templates_is_left_to_django():
    class Odd(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Odd(choices=[("a", "A")])
    with mock.patch.object(DjangoTemplates, "render", autospec=True, return_value="x") as render:
        widget.render("n", "a", renderer=FAST)
    assert render.call_args.args[1] == "django/forms/widgets/select.html"


def test_other_templates_are_left_to_django():
    widget = forms.RadioSelect(choices=[("a", "A"), ("b", "B")])
    fast, django = both(widget, "n", "a")
    assert fast == django
    with mock.patch.object(form_renderer, "_input") as fast_input:
        both(widget, "n", "a")
    fast_input.assert_not_called()


@pytest.mark.django_db
def test_whole_forms_are_exactly_djangos():
    """A styled form (Utrecht classes, ARIA, errors) as the pages render it."""
    from droomplan.cases.forms import CaseloadFilterForm

    for data in (None, {"q": "Jan", "status": "active", "overdue": "on"}, {"cohort": "nope"}):
        form = CaseloadFilterForm(data)
        if data:
            form.is_valid()
        for field in form:
            fast = field.field.widget.render(
                field.html_name, field.value(), attrs=field.build_widget_attrs({}), renderer=FAST
            )
            django = field.field.widget.render(
                field.html_name, field.value(), attrs=field.build_widget_attrs({}), renderer=DJANGO
            )
            assert fast == django, field.name


def test_it_is_the_form_renderer():
    assert settings.FORM_RENDERER == "droomplan.core.form_renderer.FormRenderer"


def test_the_common_widgets_need_no_template():
    with mock.patch.object(DjangoTemplates, "get_template", side_effect=AssertionError):
        for widget in (
            forms.TextInput(),
            forms.CheckboxInput(),
            forms.Textarea(),
            forms.Select(choices=CHOICES),
            forms.SelectMultiple(choices=CHOICES),
        ):
            assert widget.render("n", "a", renderer=FAST).startswith("<")


@pytest.mark.django_db
def test_a_short_list_is_read_once_per_form_with_the_same_html(django_assert_num_queries):
    """ShortModelChoiceField: one plain query per form (Django's field asks again, through a
    server-side cursor on PostgreSQL, on every rendering)."""
    from droomplan.core.forms import ShortModelChoiceField
    from droomplan.programmes.models import Municipality
    from droomplan.programmes.tests.factories import MunicipalityFactory

    MunicipalityFactory.create_batch(3)
    queryset = Municipality.objects.order_by("name")

    class Short(forms.Form):
        municipality = ShortModelChoiceField(queryset=queryset, empty_label="All")

    class Plain(forms.Form):
        municipality = forms.ModelChoiceField(queryset=queryset, empty_label="All")

    short, plain = Short(), Plain()
    with django_assert_num_queries(1):
        html = str(short["municipality"])
        assert str(short["municipality"]) == html
    with django_assert_num_queries(2):
        assert str(plain["municipality"]) == html
        str(plain["municipality"])
    pk = queryset.first().pk
    assert Short({"municipality": pk}).is_valid()
    assert not Short({"municipality": pk + 1000}).is_valid()


@pytest.mark.parametrize("widget_class", [CheckboxGroup, RadioGroup])
@pytest.mark.parametrize("attrs", ATTRS)
def test_choice_groups_are_exactly_the_templates(widget_class, attrs):
    values = [None, "", "open", 1, "1", "b", ["open", "2"], [], "unknown"]
    for value in values:
        widget = widget_class(attrs=dict(attrs), choices=CHOICES)
        fast, django = both(widget, "cohorts", value)
        assert fast == django, (widget_class, value)
    with mock.patch.object(DjangoTemplates, "render", autospec=True) as render:
        widget_class(choices=CHOICES).render("cohorts", None, renderer=FAST)
    render.assert_not_called()
