"""Her meetings in the portal ("Afspraken en bijeenkomsten"): the group meetings she is
invited to (date, time, place, theme), her answer "ik kom / ik kan niet" (her coach and the
programme lead see it) and a calendar file for her phone. Never other mothers' names: only the
meeting itself is shown."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from droomplan.access.decorators import allowed_if
from droomplan.access.policy import Verb
from droomplan.access.policy import portal as policy
from droomplan.access.shortcuts import own_object_by_id
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record
from droomplan.meetings import ics
from droomplan.meetings import services as meeting_services
from droomplan.meetings.models import Attendance, Reply

from . import menu

menu.register(
    menu.MenuItem(
        label=gettext_lazy("Appointments and meetings"),
        description=gettext_lazy("Group meetings you are invited to"),
        url_name="portal:meetings",
        when=policy.can_use_portal,
        order=20,
    )
)

PAST_SHOWN = 5


def _attendances(participant):
    return participant.meeting_attendances.select_related("session").order_by(
        "session__date", "session__start_time", "pk"
    )


@allowed_if(policy.can_use_portal, object_type="attendance")
def meetings(request: HttpRequest) -> HttpResponse:
    participant = policy.own_participant(request.user)
    today = timezone.localdate()
    attendances = list(_attendances(participant))
    coming = [a for a in attendances if a.session.date >= today]
    past = [a for a in reversed(attendances) if a.session.date < today][:PAST_SHOWN]
    record(
        request=request,
        action=AuditAction.VIEW,
        object_type="attendance",
        object_id=participant.pk,
        participant=participant,
        detail="portal",
    )
    return render(
        request,
        "portal/meetings.html",
        {
            "coming": coming,
            "past": past,
            "replies": Reply,
            "back_url": reverse("portal:home"),
        },
    )


def _own_attendance(request, attendance_pk, verb) -> Attendance:
    return own_object_by_id(
        request,
        "meetings.Attendance",
        attendance_pk,
        verb=verb,
        queryset=Attendance.objects.select_related("session", "participant"),
    )


@allowed_if(policy.can_use_portal, object_type="attendance")
@require_POST
def answer(request: HttpRequest, attendance_pk) -> HttpResponse:
    attendance = _own_attendance(request, attendance_pk, Verb.EDIT)
    try:
        meeting_services.answer_invitation(
            actor=request.user, attendance=attendance, reply=request.POST.get("reply", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        response = redirect(f"{reverse('portal:meetings')}#meeting-{attendance.pk}")
        return response
    if attendance.reply == Reply.COMING:
        messages.success(request, _("Thank you! We look forward to seeing you."))
    else:
        messages.success(request, _("Thank you for letting us know. Your coach can see it."))
    return redirect(f"{reverse('portal:meetings')}#meeting-{attendance.pk}")


@allowed_if(policy.can_use_portal, object_type="attendance")
def calendar_file(request: HttpRequest, attendance_pk) -> HttpResponse:
    """The meeting as a calendar file (.ics) for her phone (no names of mothers in it)."""
    attendance = _own_attendance(request, attendance_pk, Verb.VIEW)
    session = attendance.session
    record(
        request=request,
        action=AuditAction.EXPORT,
        object_type="attendance",
        object_id=attendance.pk,
        participant=attendance.participant,
        detail="portal ics",
    )
    url = request.build_absolute_uri(reverse("portal:meetings"))
    body = ics.calendar([session], host=request.get_host(), url_for=lambda s: url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bijeenkomst-{session.date}.ics"'
    return response
