"""Measurements and progress on the case page: due/overdue measurements and the pictures."""

from django.template.loader import render_to_string
from django.utils.translation import pgettext_lazy

from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.core.sections import register

from .selectors import progress_context


def measurements_summary(request, participant, domains) -> str:
    """How many measurements, the last one, and what is due or overdue now."""
    if not domains:
        return ""
    context = progress_context(request.user, participant, domains)
    measurements = context["measurements"]
    if not measurements and not context["schedule"].reminders and not context["can_enter"]:
        return ""
    if measurements:
        record(
            request=request,
            action=Action.VIEW,
            object_type="measurement",
            object_id=participant.pk,
            participant=participant,
            detail=f"case overview: {len(measurements)} measurements",
        )
    return render_to_string(
        "instruments/case_summary.html",
        {**context, "last": max(measurements, key=lambda m: m.taken_on, default=None)},
        request=request,
    )


@register(
    "measurements",
    order=20,
    title=pgettext_lazy("case page part", "Measurements"),
    summary=measurements_summary,
)
def measurements_section(request, participant, domains) -> str:
    if not domains:
        return ""
    context = progress_context(request.user, participant, domains)
    if not context["measurements"] and not context["schedule"].entries and not context["can_enter"]:
        return ""
    if context["measurements"]:
        record(
            request=request,
            action=Action.VIEW,
            object_type="measurement",
            object_id=participant.pk,
            participant=participant,
            detail=f"case page: {len(context['measurements'])} measurements",
        )
    return render_to_string("instruments/section.html", context, request=request)
