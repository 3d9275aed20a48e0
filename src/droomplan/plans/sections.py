"""The plan on the case page (dreams, goals, actions)."""

from django.template.loader import render_to_string
from django.utils.translation import pgettext_lazy

from droomplan.core.sections import register

from .selectors import open_goals, plan_for


def plan_summary(request, participant, domains) -> str:
    """On the overview: her open goals, each with its open and overdue actions."""
    if not domains:
        return ""
    context = {"participant": participant, **open_goals(participant, domains=domains)}
    return render_to_string("plans/case_overview.html", context, request=request)


@register(
    "plan",
    order=10,
    title=pgettext_lazy("case page part", "Plan"),
    summary=plan_summary,
    wide=True,
)
def plan_section(request, participant, domains) -> str:
    if not domains:
        return ""
    plan = plan_for(participant, request.user, domains=domains)
    context = {"participant": participant, "plan": plan}
    return render_to_string("plans/case_plan.html", context, request=request)
