from django import template
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from droomplan.core.templatetags.ui import status_badge

from ..schedule import OVERDUE
from ..selectors import attach_reminders

register = template.Library()

NONE = '<span class="dp-muted">—</span>\n'


@register.simple_tag
def measurement_reminders(participants) -> str:
    """Set `measurement_reminders` on every participant of a page (one query for the whole
    page, besides the kept schedule settings). Use before the loop:
    {% measurement_reminders page.object_list %}."""
    attach_reminders(participants)
    return ""


@register.simple_tag
def measurement_cells(participants) -> dict[int, SafeString]:
    """`{% measurement_cells page.object_list as cells %}`: the caseload's measurement cell of
    every participant of the page (participant pk → HTML), what
    `instruments/includes/caseload_cell.html` renders, built in Python (issue 18: an include
    and a blocktranslate per row were a large part of the page). Sets `measurement_reminders`
    on each as `{% measurement_reminders %}` does."""
    participants = list(participants)
    attach_reminders(participants)
    return {p.pk: reminder_cell(p.measurement_reminders) for p in participants}


def reminder_badge(reminder) -> SafeString:
    """`instruments/includes/reminder_badge.html` (without its closing newline)."""
    if reminder.state == OVERDUE:
        return status_badge("measurement", reminder.state, gettext("Measurement overdue"))
    return status_badge("measurement", "due", gettext("Measurement due"))


def reminder_cell(reminders) -> SafeString:
    """`instruments/includes/caseload_cell.html` for a participant with these reminders,
    character for character (test_caseload_cell.py compares them in both languages)."""
    if not reminders:
        return mark_safe(NONE)  # noqa: S308 (a constant)
    parts = []
    for reminder in reminders:
        occasion = reminder.occasion
        label = occasion.label
        due = gettext("due by %(date)s") % {
            "date": conditional_escape(date_format(occasion.due_on, "SHORT_DATE_FORMAT"))
        }
        if reminder.instrument_names:
            names = ", ".join(conditional_escape(n) for n in reminder.instrument_names)
            which = f': <span class="dp-muted">{names}</span>'
        else:
            every = conditional_escape(gettext("all questionnaires of the schedule"))
            which = f' <span class="dp-muted">({every})</span>'
        parts.append(
            f'<div class="dp-caseload-reminder">{reminder_badge(reminder)}\n '
            f'<span class="dp-caseload-reminder__text">'
            f"{conditional_escape(label and label[0].upper() + label[1:])}, {due}{which}"
            "</span></div>"
        )
    parts.append("\n")
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped)
