"""The signal behind a family, on her case page (only when she came from a signal)."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from droomplan.access.policy import visible_signals
from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.core.sections import register


def _signals(request, participant) -> list:
    signals = list(
        visible_signals(request.user)
        .filter(participant=participant)
        .select_related("municipality")
        .order_by("created_at")
    )
    for signal in signals:
        record(
            request=request,
            action=Action.VIEW,
            object_type="signal",
            object_id=signal.pk,
            participant=participant,
            detail="case page",
        )
    return signals


def signal_summary(request, participant, domains) -> str:
    """Who signalled her, and when (the worry itself is on the part's page)."""
    signals = _signals(request, participant)
    if not signals:
        return ""
    first = signals[0]
    return format_html(
        "{}",
        _("Came in on %(date)s from: %(role)s")
        % {
            "date": date_format(timezone.localdate(first.created_at), "SHORT_DATE_FORMAT"),
            "role": first.get_signaller_role_display(),
        },
    )


@register(
    "signal",
    order=80,
    title=pgettext_lazy("case page part", "Signal"),
    summary=signal_summary,
)
def signal_section(request, participant, domains) -> str:
    signals = _signals(request, participant)
    if not signals:
        return ""
    return render_to_string(
        "signals/case_section.html", {"signals": signals, "participant": participant}, request
    )
