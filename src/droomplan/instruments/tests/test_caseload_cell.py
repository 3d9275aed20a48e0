"""The caseload's measurement cell is built in Python (`templatetags.instruments`), not by an
include per family (issue 18): it must be exactly what the include gave, in both languages,
for every kind of reminder."""

import datetime

import pytest
from django.template import engines
from django.utils import translation

from droomplan.instruments import schedule as sched
from droomplan.instruments.templatetags.instruments import reminder_cell

# What instruments/includes/caseload_cell.html rendered per family before
# `{% measurement_cells %}`.
TEMPLATE_CELL = (
    "{% load i18n %}{% for reminder in p.measurement_reminders %}"
    '<div class="dp-caseload-reminder">{% include "instruments/includes/reminder_badge.html" %} '
    '<span class="dp-caseload-reminder__text">{{ reminder.occasion.label|capfirst }}, '
    '{% blocktranslate with date=reminder.occasion.due_on|date:"SHORT_DATE_FORMAT" %}'
    "due by {{ date }}{% endblocktranslate %}{% if reminder.instrument_names %}: "
    '<span class="dp-muted">{{ reminder.instrument_names|join:", " }}</span>{% else %} '
    '<span class="dp-muted">({% translate "all questionnaires of the schedule" %})</span>'
    '{% endif %}</span></div>{% empty %}<span class="dp-muted">—</span>{% endfor %}\n'
)


class Row:
    def __init__(self, reminders):
        self.measurement_reminders = reminders


def occasion(kind, months=0):
    day = datetime.date(2026, 3, 31)
    return sched.Occasion(kind, months, day, day, day + datetime.timedelta(days=28), day)


def reminder_lists():
    occasions = [
        occasion(sched.BASELINE),
        occasion(sched.FOLLOW_UP, 6),
        occasion(sched.FOLLOW_UP, 18),
        occasion(sched.END),
    ]
    names = [[], ["PSS-10"], ["PSS-10", "Brug & <Bridge>", "O'Neil"]]
    yield []
    for o in occasions:
        for state in (sched.DUE, sched.OVERDUE):
            for n in names:
                yield [sched.Reminder(state, o, ("a",), n)]
    yield [
        sched.Reminder(sched.OVERDUE, occasions[0], ("a", "b"), []),
        sched.Reminder(sched.DUE, occasions[1], ("a",), ["PSS-10"]),
    ]


def render(source: str, context: dict) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_reminder_cell_is_the_include(language):
    with translation.override(language):
        for reminders in reminder_lists():
            assert reminder_cell(reminders) == render(TEMPLATE_CELL, {"p": Row(reminders)})
