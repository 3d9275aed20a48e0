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

from .models import SignallerRole


def _hers(request, participant):
    return visible_signals(request.user).filter(participant=participant).order_by("created_at")


def _log(request, participant, pks) -> None:
    for pk in pks:
        record(
            request=request,
            action=Action.VIEW,
            object_type="signal",
            object_id=pk,
            participant=participant,
            detail="case page",
        )


def _signals(request, participant) -> list:
    signals = list(_hers(request, participant).select_related("municipality"))
    _log(request, participant, [s.pk for s in signals])
    return signals


def signal_summary(request, participant, domains) -> str:
    """Who signalled her, and when (the worry itself is on the part's page): one query for
    the three columns it needs."""
    rows = list(_hers(request, participant).values_list("pk", "created_at", "signaller_role"))
    if not rows:
        return ""
    _log(request, participant, [pk for pk, _at, _role in rows])
    _pk, created_at, role = rows[0]
    return format_html(
        "{}",
        _("Came in on %(date)s from: %(role)s")
        % {
            "date": date_format(timezone.localdate(created_at), "SHORT_DATE_FORMAT"),
            "role": dict(SignallerRole.choices).get(role, role),
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
