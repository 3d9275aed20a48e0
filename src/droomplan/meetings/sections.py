"""Her group meetings on the case page: attendance rate, past and coming meetings.

Group meetings belong to her network, so the section shows when the user may see the
well-being domain of this case (her coach and the programme lead; a partner only with the
mother's consent for well-being)."""

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from droomplan.access.policy import can_plan_meetings
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record
from droomplan.core.domains import LifeDomain
from droomplan.core.sections import register

from .selectors import attendance_summary, participant_attendance


def _log(request, participant) -> None:
    record(
        request=request,
        action=AuditAction.VIEW,
        object_type="attendance",
        object_id=participant.pk,
        participant=participant,
        detail="case page",
    )


def meetings_summary(request, participant, domains) -> str:
    """Her attendance and the next meeting (one query)."""
    if LifeDomain.WELL_BEING not in domains:
        return ""
    invited, rate, next_on = attendance_summary(participant)
    if not invited:
        return format_html("{}", _("Not invited to a group meeting yet."))
    _log(request, participant)
    parts = []
    if rate.recorded:
        parts.append(
            _("present at %(present)d of %(recorded)d meetings")
            % {"present": rate.present, "recorded": rate.recorded}
        )
    if next_on is not None:
        parts.append(_("next on %(date)s") % {"date": date_format(next_on, "SHORT_DATE_FORMAT")})
    text = " · ".join(parts) or _("no attendance recorded yet")
    return format_html("{}", text[:1].upper() + text[1:])


@register(
    "meetings",
    order=40,
    title=pgettext_lazy("case page part", "Group meetings"),
    summary=meetings_summary,
)
def meetings_section(request, participant, domains) -> str:
    if LifeDomain.WELL_BEING not in domains:
        return ""
    data = participant_attendance(participant)
    if data["past"] or data["coming"]:
        _log(request, participant)
    return render_to_string(
        "meetings/case_section.html",
        {"participant": participant, "may_open": can_plan_meetings(request.user), **data},
        request=request,
    )
