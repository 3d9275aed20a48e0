"""Her group meetings on the case page: attendance rate, past and coming meetings.

Group meetings belong to her network, so the section shows when the user may see the
well-being domain of this case (her coach and the programme lead; a partner only with the
mother's consent for well-being)."""

from django.template.loader import render_to_string
from django.utils.translation import pgettext_lazy

from droomplan.access.policy import can_plan_meetings
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record
from droomplan.core.domains import LifeDomain
from droomplan.core.sections import register

from .selectors import participant_attendance


@register("meetings", order=40, title=pgettext_lazy("case page part", "Group meetings"))
def meetings_section(request, participant, domains) -> str:
    if LifeDomain.WELL_BEING not in domains:
        return ""
    data = participant_attendance(participant)
    if data["past"] or data["coming"]:
        record(
            request=request,
            action=AuditAction.VIEW,
            object_type="attendance",
            object_id=participant.pk,
            participant=participant,
            detail="case page",
        )
    return render_to_string(
        "meetings/case_section.html",
        {"participant": participant, "may_open": can_plan_meetings(request.user), **data},
        request=request,
    )
