"""The UI kit (core/templates/ui, core/templatetags/ui.py, core/widgets.py, core/badges.py)."""

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.test import RequestFactory

from droomplan.core.badges import BADGES, STYLES, badge_style
from droomplan.core.forms import StyledForm
from droomplan.core.widgets import CheckboxGroup, DateInput, RadioGroup

TEMPLATES = Path(__file__).resolve().parents[2]


def render(source: str, **context) -> str:
    return Template("{% load ui %}" + source).render(Context(context))


# --- badges: one mapping from status to style -----------------------------------------------


def test_every_badge_style_is_a_known_style():
    assert {style for kind in BADGES.values() for style in kind.values()} <= STYLES


def test_status_badge_takes_its_style_from_the_one_mapping():
    html = render('{% status_badge "participant" "active" "Actief" %}')
    assert html == '<span class="utrecht-status-badge utrecht-status-badge--success">Actief</span>'
    assert badge_style("signal", "in_contact") == "info"
    assert badge_style("escalation", "withdrawn") == "neutral"  # not listed: neutral


def test_badge_escapes_its_label_and_refuses_an_unknown_style():
    assert "&lt;b&gt;" in render('{% badge label "danger" %}', label="<b>")
    with pytest.raises(TemplateSyntaxError):
        render('{% badge "x" "pink" %}')


def test_no_template_chooses_a_badge_colour_itself():
    """Badge colours come from core.badges through the tags, never from a template."""
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.glob("*/templates/**/*.html")
        if "utrecht-status-badge--" in path.read_text() and "templates/ui/" not in str(path)
    ]
    assert offenders == []


# --- alerts ------------------------------------------------------------------------------------


def test_alert_wraps_inline_content_in_a_paragraph_and_errors_interrupt():
    html = render('{% alert "error" %}Not <em>saved</em>{% endalert %}')
    assert 'class="utrecht-alert utrecht-alert--error"' in html and 'role="alert"' in html
    assert '<p class="utrecht-paragraph">Not <em>saved</em></p>' in html
    html = render('{% alert "success" %}<p>One</p><p>Two</p>{% endalert %}')
    assert "utrecht-alert--ok" in html and 'role="status"' in html
    assert '<p class="utrecht-paragraph"><p>' not in html


def test_alert_options():
    html = render('{% alert "warning" role="" id="busy" class="dp-busy" %}x{% endalert %}')
    assert "role=" not in html and 'id="busy"' in html and "utrecht-alert--warning dp-busy" in html


# --- tables ------------------------------------------------------------------------------------


def test_table_is_a_keyboard_reachable_labelled_region_with_its_caption():
    html = render(
        "{% table caption %}<tbody><tr><td>1</td></tr></tbody>{% endtable %}", caption="Families"
    )
    wrapper = re.search(r"<div [^>]*>", html).group(0)
    assert 'class="dp-table-wrap"' in wrapper and 'tabindex="0"' in wrapper
    assert 'role="region"' in wrapper and 'aria-label="Families"' in wrapper
    assert "<caption>Families</caption>" in html and "utrecht-table--html-table" in html
    assert "<td>1</td>" in html


def test_table_named_by_a_heading_has_no_caption():
    html = render('{% table "" labelledby="h" describedby="d" %}{% endtable %}')
    assert "<caption" not in html and html.count('aria-labelledby="h"') == 2
    assert 'aria-describedby="d"' in html


# --- pagination --------------------------------------------------------------------------------


def test_pagination_keeps_the_filters_of_the_page():
    request = RequestFactory().get("/deelnemers/", {"q": "Lisa", "page": "2"})
    page = Paginator(list(range(60)), 25).page(2)
    html = render_to_string("ui/pagination.html", {"page": page}, request=request)
    assert 'href="?q=Lisa&amp;page=1"' in html and 'href="?q=Lisa&amp;page=3"' in html
    one_page = Paginator([1], 25).page(1)
    assert render_to_string("ui/pagination.html", {"page": one_page}, request=request).strip() == ""


# --- fields, widgets and the form page ---------------------------------------------------------


class KitForm(StyledForm):
    name = forms.CharField(label="Name", help_text="Your name")
    day = forms.DateField(label="Day", widget=forms.DateInput())
    share = forms.MultipleChoiceField(
        label="Share with",
        choices=[("a", "Alpha"), ("b", "Beta")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Pick any",
    )
    how = forms.ChoiceField(label="How", choices=[("x", "X"), ("y", "Y")], widget=RadioGroup)
    agree = forms.BooleanField(label="I agree", required=False)


def test_a_list_of_choices_is_a_fieldset_with_each_box_next_to_its_own_label():
    html = render_to_string("ui/form_fields.html", {"form": KitForm()})
    fieldset = html[html.index("<fieldset") : html.index("</fieldset>")]
    assert "<legend" in fieldset and "Share with" in fieldset
    assert 'aria-describedby="share-help"' in fieldset
    # Each option is its own Utrecht checkbox field: input and label side by side.
    options = re.findall(
        r'<div class="utrecht-form-field utrecht-form-field--checkbox dp-choice">', html
    )
    assert len(options) == 2
    assert re.search(
        r'id="id_share_0"[^>]*>\s*</div>\s*<div [^>]*><label [^>]*for="id_share_0">Alpha', html
    )
    # The group itself is not a checkbox field (that grid squeezed the labels before).
    assert "utrecht-form-field--checkbox dp-choice-field" not in html
    assert 'class="utrecht-radio-button utrecht-radio-button--html-input"' in html


def test_date_input_is_the_browsers_date_picker_with_iso_values():
    form = KitForm(initial={"day": datetime.date(2025, 3, 4)})
    assert 'type="date"' in str(form["day"]) and 'value="2025-03-04"' in str(form["day"])
    assert DateInput().format == "%Y-%m-%d" and DateInput.input_type == "date"
    assert CheckboxGroup.template_name == RadioGroup.template_name == "ui/widgets/choice_group.html"


def test_error_summary_names_every_field_with_an_error_and_links_to_it():
    form = KitForm(data={"name": "", "how": "x"})
    form.add_error(None, "Something is off.")
    html = render_to_string("ui/form_errors.html", {"form": form})
    assert "data-dp-error-summary" in html and "Something is off." in html
    assert 'href="#id_name"' in html and "Name:" in html
    assert 'href="#id_day"' in html and 'href="#id_how"' not in html
    assert render_to_string("ui/form_errors.html", {"form": KitForm()}).strip() == ""


@pytest.mark.django_db
def test_form_page_renders_title_summary_fields_and_buttons_from_its_context():
    request = RequestFactory().post("/")
    request.user = AnonymousUser()
    form = KitForm(data={})
    html = render_to_string(
        "ui/form_page.html",
        {"form": form, "title": "Add a thing", "back_url": "/back/", "back_label": "Back"},
        request=request,
    )
    main = html[html.index("<main") : html.index("</main>")]
    assert '<h1 class="utrecht-heading-1">Add a thing</h1>' in main
    assert main.index("data-dp-error-summary") < main.index("<form")
    assert 'name="csrfmiddlewaretoken"' in main
    assert main.count('href="/back/"') == 2  # the back link and Cancel


def test_a_child_form_page_can_set_the_page_variables_before_block_super():
    source = (
        '{% extends "ui/form_page.html" %}{% load i18n %}'
        '{% block content %}{% translate "Nice title" as title %}'
        '{% firstof "/x/" as back_url %}{{ block.super }}{% endblock %}'
    )
    html = Template(source).render(Context({"form": KitForm()}))
    assert '<h1 class="utrecht-heading-1">Nice title</h1>' in html and 'href="/x/"' in html


@pytest.mark.django_db
def test_rendered_is_an_include_rendered_once_for_a_page_that_shows_it_twice():
    """base.html shows the header tools (language, account, log out) twice: in the header
    bar and in the phone menu. They are rendered once, the same HTML as an include."""
    from unittest import mock

    from django.template.base import Template as CompiledTemplate
    from django.template.loader import get_template

    from droomplan.accounts.models import Role
    from droomplan.accounts.tests.factories import UserFactory

    request = RequestFactory().get("/")
    request.user = UserFactory(role=Role.COACH)
    name = "core/includes/header_tools.html"
    context = {"request": request, "user": request.user}
    once = Template('{% load ui %}{% rendered "' + name + '" as tools %}[{{ tools }}]')
    assert once.render(Context(context)) == f"[{render_to_string(name, context)}]"

    header_tools = get_template(name).template
    rendered = []
    original = CompiledTemplate.render

    def render(template, context):
        rendered.append(template is header_tools)
        return original(template, context)

    with mock.patch.object(CompiledTemplate, "render", render):
        page = render_to_string("base.html", {}, request=request)
    assert rendered.count(True) == 1
    assert page.count(">Afmelden</button>") == 2
