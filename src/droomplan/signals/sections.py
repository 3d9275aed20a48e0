"""The signal behind a family, on her case page (only when she came from a signal)."""

from django.template.loader import render_to_string
from django.utils.translation import pgettext_lazy

from droomplan.access.policy import visible_signals
from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.core.sections import register


@register("signal", order=80, title=pgettext_lazy("case page part", "Signal"))
def signal_section(request, participant, domains) -> str:
    signals = list(
        visible_signals(request.user)
        .filter(participant=participant)
        .select_related("municipality")
        .order_by("created_at")
    )
    if not signals:
        return ""
    for signal in signals:
        record(
            request=request,
            action=Action.VIEW,
            object_type="signal",
            object_id=signal.pk,
            participant=participant,
            detail="case page",
        )
    return render_to_string(
        "signals/case_section.html", {"signals": signals, "participant": participant}, request
    )
