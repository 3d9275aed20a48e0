"""The caseload's rows are built in Python (`templatetags.caseload`), not by a `{% for %}` with
a `{% url %}`, an include and a blocktranslate per family (issue 18): they must be exactly what
the template gave, in both languages, for every kind of row."""

import datetime

import pytest
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe

from droomplan.cases import selectors, services
from droomplan.cases.models import Status
from droomplan.cases.templatetags.caseload import caseload_rows, status_badge_html
from droomplan.cases.tests.factories import CoachFactory, ParticipantFactory
from droomplan.plans.tests.factories import ActionFactory
from droomplan.programmes.tests.factories import CohortFactory

pytestmark = pytest.mark.django_db

# What the rows block of cases/caseload.html rendered before `{% caseload_rows %}`; the last
# cell was an include of the instruments app, here `p.cell`.
TEMPLATE_ROWS = """{% load i18n ui %}
    {% for p in page %}
    <tr>
      <th scope="row"><a class="utrecht-link" href="{% url 'cases:detail' p.pk %}">{{ p.full_name }}</a></th>
      <td>{{ p.ref }}</td>
      <td>{% include "cases/includes/status_badge.html" with p=p %}</td>
      <td>{{ p.cohort|default:"—" }}</td>
      <td>{{ p.municipality }}</td>
      {% if not only_own %}<td>{% if p.current_coach_id %}{{ p.current_coach_first }} {{ p.current_coach_last }}{% elif p.has_ended %}—{% else %}{% badge _("No coach yet") "warning" %}{% endif %}</td>{% endif %}
      <td>{{ p.open_action_count }}{% if p.overdue_action_count %} {% blocktranslate count counter=p.overdue_action_count asvar overdue %}{{ counter }} overdue{% plural %}{{ counter }} overdue{% endblocktranslate %}{% badge overdue "danger" %}{% endif %}</td>
      <td>{{ p.cell }}</td>
    </tr>
    {% endfor %}"""  # noqa: E501


def render(source: str, context: dict) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.fixture
def families(programme, coach, lead):
    """Every kind of row: with and without a group and a coach, ended, on the waiting list,
    no, one and several overdue actions, a name that needs escaping."""
    cohort = CohortFactory(programme=programme, name="Groep <2025> & co")
    ParticipantFactory(programme=programme, coach=coach, cohort=cohort, active=True)
    waiting = ParticipantFactory(programme=programme, on_waiting_list=True, family_name="O'Neil")
    ended = ParticipantFactory(programme=programme, cohort=cohort, status=Status.ENDED)
    one = ParticipantFactory(programme=programme, coach=coach, active=True)
    ActionFactory(goal__participant=one)  # overdue
    many = ParticipantFactory(programme=programme, coach=CoachFactory(first_name="Ö & <b>"))
    for _ in range(3):
        ActionFactory(goal__participant=many)
    ActionFactory(goal__participant=many, due_date=datetime.date(2100, 1, 1))
    services.assign_coach(
        actor=lead, participant=ended, coach=coach, on_date=ended.intake_date, handover_note=""
    )
    return [waiting, ended]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("only_own", [False, True])
def test_caseload_rows_are_the_template(families, lead, language, only_own):
    page = list(selectors.caseload(lead))
    assert len(page) == 5
    assert {p.overdue_action_count for p in page} >= {0, 1, 3}
    assert any(p.on_waiting_list for p in page) and any(p.has_ended for p in page)
    assert any(not p.current_coach_id and not p.has_ended for p in page)
    cells = {p.pk: mark_safe(f"<span>{p.pk}</span>\n") for p in page}
    for p in page:
        p.cell = cells[p.pk]
    with translation.override(language):
        expected = render(TEMPLATE_ROWS, {"page": page, "only_own": only_own})
        tag = render(
            "{% load caseload %}\n    {% caseload_rows page only_own cells %}",
            {"page": page, "only_own": only_own, "cells": cells},
        )
        assert caseload_rows(page, only_own, cells) == expected.removeprefix("\n    ")
        assert tag == expected
    if language == "nl":
        assert "Wachtlijst" in expected and "te laat" in expected
        assert ("Nog geen coach" in expected) is not only_own
        assert "O&#x27;Neil" in expected and "Groep &lt;2025&gt; &amp; co" in expected


@pytest.mark.parametrize("language", ["nl", "en"])
def test_status_badge_is_the_include(families, lead, language):
    with translation.override(language):
        for p in selectors.caseload(lead):
            expected = render('{% include "cases/includes/status_badge.html" %}', {"p": p})
            assert status_badge_html(p) == expected
