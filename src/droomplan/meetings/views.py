"""Pages of group meetings. Thin: check the rules (`access.policy.meetings`, names through
`access.policy.participants`), parse the form, call a service or selector, render, log the reads."""

import calendar as pycalendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from droomplan.access.decorators import allowed_if
from droomplan.access.policy import Verb, can_plan_meetings, can_see_meetings, meetings
from droomplan.access.shortcuts import access_by_id, deny
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record_many
from droomplan.core.forms import run_service
from droomplan.programmes.models import Cohort

from . import ics, selectors, services
from .forms import AttendanceForm, ReportForm, SessionForm
from .models import AttendanceStatus, GroupSession

get_or_post = require_http_methods(["GET", "POST"])


def _session(request: HttpRequest, pk: int, *, verb: str = Verb.VIEW) -> GroupSession:
    """The meeting `pk` if this user may see it (and `verb` it: EDIT to manage it)."""
    return access_by_id(request, GroupSession, pk, verb=verb, shape=_with_people)


def _with_people(qs):
    return qs.select_related("childcare_organisation", "created_by", "report_by").prefetch_related(
        "cohorts", "facilitators"
    )


def _log_names(request: HttpRequest, participants, detail: str) -> None:
    record_many(
        request=request,
        action=AuditAction.VIEW,
        object_type="attendance",
        participants=participants,
        detail=detail,
    )


def _month(value: str, today: datetime.date) -> datetime.date:
    try:
        year, month = (int(part) for part in value.split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


# --- Calendar --------------------------------------------------------------------------------


@allowed_if(can_see_meetings, object_type="meetings")
@require_GET
def calendar_view(request: HttpRequest) -> HttpResponse:
    """A month of meetings (plain list per day) and what comes next."""
    today = timezone.localdate()
    first = _month(request.GET.get("maand", ""), today)
    if not datetime.date(2000, 1, 1) <= first <= datetime.date(2100, 12, 1):
        first = today.replace(day=1)
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    sessions = selectors.calendar(request.user, start=first, end=last)
    days: dict[datetime.date, list] = {}
    for session in sessions:
        days.setdefault(session.date, []).append(session)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = last + datetime.timedelta(days=1)
    may_plan = can_plan_meetings(request.user)
    cohorts = Cohort.objects.order_by("-start_date", "code") if may_plan else []
    return render(
        request,
        "meetings/calendar.html",
        {
            "month": first,
            "days": sorted(days.items()),
            "previous": previous,
            "following": following,
            "this_month": today.replace(day=1),
            "upcoming": selectors.upcoming(request.user, today=today, limit=5),
            "today": today,
            "may_plan": may_plan,
            "cohorts": cohorts,
        },
    )


# --- One meeting -----------------------------------------------------------------------------


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    view = selectors.session_view(request.user, session)
    _log_names(request, view.shown_participants, f"meeting {session.pk}")
    return render(
        request,
        "meetings/session_detail.html",
        {
            "session": session,
            "view": view,
            "today": timezone.localdate(),
            "Status": AttendanceStatus,
        },
    )


def _form_page(request, form, *, title, session=None, intro=""):
    return render(
        request,
        "meetings/session_form.html",
        {"form": form, "title": title, "session": session, "intro": intro},
    )


@allowed_if(can_plan_meetings, object_type="meeting", verb=Verb.CREATE)
@get_or_post
def session_create(request: HttpRequest) -> HttpResponse:
    initial = {"invite": True}
    if request.GET.get("groep", "").isdigit():
        initial["cohorts"] = Cohort.objects.filter(pk=int(request.GET["groep"]))
    if meetings.usually_facilitates(request.user):
        initial["facilitators"] = [request.user]
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        session = run_service(
            form,
            lambda: services.plan_session(actor=request.user, **form.service_kwargs()),
        )
        if session is not None:
            messages.success(request, _("The meeting has been planned."))
            return redirect("meetings:detail", pk=session.pk)
    return _form_page(
        request,
        form,
        title=_("Plan a group meeting"),
        intro=_(
            "The active mothers of the groups you choose are invited. You record who came "
            "on the day of the meeting."
        ),
    )


@login_required
@get_or_post
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, verb=Verb.EDIT)
    form = SessionForm(request.POST or None, session=session)
    if request.method == "POST":
        saved = run_service(
            form,
            lambda: services.update_session(
                actor=request.user, session=session, **form.service_kwargs()
            ),
        )
        if saved is not None:
            messages.success(request, _("The meeting has been saved."))
            return redirect("meetings:detail", pk=session.pk)
    return _form_page(request, form, title=_("Change the meeting"), session=session)


@login_required
@get_or_post
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """One form for every invited mother: present, absent with notice, absent."""
    session = _session(request, pk, verb=Verb.EDIT)
    view = selectors.session_view(request.user, session)
    all_present = request.method == "GET" and request.GET.get("all_present") == "1"
    form = AttendanceForm(request.POST or None, rows=view.rows, all_present=all_present)
    today = timezone.localdate()
    if request.method == "POST":
        changed = run_service(
            form,
            lambda: services.record_attendance(
                actor=request.user, session=session, statuses=form.statuses()
            ),
        )
        if changed is not None:
            messages.success(request, _("The attendance has been saved."))
            return redirect("meetings:detail", pk=session.pk)
    else:
        _log_names(request, view.shown_participants, f"attendance form {session.pk}")
    return render(
        request,
        "meetings/attendance_form.html",
        {
            "session": session,
            "form": form,
            "view": view,
            "too_early": session.date > today,
            "all_present": all_present,
        },
    )


@login_required
@get_or_post
def report(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, verb=Verb.EDIT)
    form = ReportForm(request.POST or None, initial={"report": session.report})
    if request.method == "POST":
        saved = run_service(
            form,
            lambda: services.save_report(
                actor=request.user, session=session, report=form.cleaned_data["report"]
            ),
        )
        if saved is not None:
            messages.success(request, _("The report has been saved."))
            return redirect(reverse("meetings:detail", args=[session.pk]) + "#report")
    return render(request, "meetings/report_form.html", {"session": session, "form": form})


# --- Calendar files --------------------------------------------------------------------------


def _ics_response(request: HttpRequest, sessions, filename: str, name: str = "") -> HttpResponse:
    body = ics.calendar(
        sessions,
        host=request.get_host().split(":")[0],
        url_for=lambda s: request.build_absolute_uri(reverse("meetings:detail", args=[s.pk])),
        name=name,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    return _ics_response(request, [session], f"bijeenkomst-{session.date:%Y-%m-%d}.ics")


@allowed_if(can_see_meetings, object_type="meetings")
@require_GET
def feed_ics(request: HttpRequest) -> HttpResponse:
    sessions = selectors.my_feed(request.user)
    return _ics_response(
        request, sessions, "droomplan-bijeenkomsten.ics", name=_("Droomplan group meetings")
    )


# --- A group ---------------------------------------------------------------------------------


@allowed_if(meetings.can_see_every_meeting, object_type="cohort_attendance")
@require_GET
def cohort_view(request: HttpRequest, cohort_pk: int) -> HttpResponse:
    """A group's meetings with the attendance rate per mother and for the whole group."""
    cohort = Cohort.objects.select_related("programme").filter(pk=cohort_pk).first()
    if cohort is None:
        deny(request, object_type="cohort_attendance", object_id=cohort_pk, verb="view")
        raise Http404
    view = selectors.cohort_view(request.user, cohort)
    _log_names(request, [m.participant for m in view.mothers], f"cohort {cohort.pk}")
    rows = [
        (mother, [mother.statuses.get(s.pk, None) for s in view.sessions])
        for mother in view.mothers
    ]
    return render(
        request,
        "meetings/cohort.html",
        {
            "cohort": cohort,
            "view": view,
            "rows": rows,
            "Status": AttendanceStatus,
        },
    )
