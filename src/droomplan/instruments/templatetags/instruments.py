from django import template

from ..selectors import attach_reminders

register = template.Library()


@register.simple_tag
def measurement_reminders(participants) -> str:
    """Set `measurement_reminders` on every participant of a caseload page (three queries for
    the whole page). Use before the loop: {% measurement_reminders page.object_list %}."""
    attach_reminders(participants)
    return ""
