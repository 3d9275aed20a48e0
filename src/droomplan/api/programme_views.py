"""The API's resources beyond one family's case file: group meetings and attendance, the
outcome report, and the exchange export and import as background jobs with a status URL.
The same rules as the web (`access.policy.meetings`, `access.policy.reports`), the same
access-log entries, the same services. An application token acts as a partner professional,
so it never uses the programme lead's tools: those answer 403 to a token, and serve the lead
logged in with her browser session (docs/api.md)."""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from droomplan.access.policy import (
    Verb,
    can_see_meetings,
    can_see_outcome_details,
    can_use_exchange,
    reports,
)
from droomplan.access.shortcuts import access_by_id, refuse
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record_many
from droomplan.core.dates import validate_plausible_date
from droomplan.core.domains import LifeDomain
from droomplan.exchange import services as exchange_services
from droomplan.exchange.models import ExchangeUpload, UploadStatus
from droomplan.exchange.validation import Problem
from droomplan.jobs import selectors as job_selectors
from droomplan.jobs.models import JobStatus
from droomplan.meetings import selectors as meeting_selectors
from droomplan.meetings.models import Attendance, GroupSession
from droomplan.outcomes import report as outcome_report
from droomplan.outcomes.export_log import log_export
from droomplan.outcomes.metrics import compute
from droomplan.outcomes.selection import SelectionError, resolve
from droomplan.programmes.models import Programme
from droomplan.programmes.selectors import default_programme

from . import serializers as s
from .pagination import Cursor
from .views import IDEMPOTENCY_KEY, UPDATED_SINCE, ApiView, updated_since

# --- Group meetings --------------------------------------------------------------------------


class MeetingList(ApiView):
    """The meetings the caller may see (`access.policy.meetings`: coaches and the programme
    lead every meeting; a partner those her organisation arranges childcare for or she
    facilitates), with counts and no names, as on the calendar."""

    serializer_class = s.MeetingSerializer
    pagination_class = Cursor
    object_type = "meetings"

    @extend_schema(responses=s.MeetingSerializer(many=True), parameters=[UPDATED_SINCE])
    def get(self, request):
        if not can_see_meetings(request.user):
            refuse(request, self.object_type, verb=Verb.VIEW)
        qs = meeting_selectors.sessions_with_counts(request.user)
        since = updated_since(request)
        if since is not None:
            qs = qs.filter(updated_at__gte=since)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.MeetingSerializer(page, many=True).data)


class MeetingDetail(ApiView):
    """One meeting with the attendance the caller may see, as the meeting's page shows it:
    full names of the mothers whose case she may open, first name and case number for whoever
    runs the meeting, counts only for the rest. The names shown are logged."""

    serializer_class = s.MeetingDetailSerializer
    object_type = "meeting"

    def get(self, request, pk):
        session = access_by_id(
            request,
            GroupSession,
            pk,
            verb=Verb.VIEW,
            shape=meeting_selectors.with_counts,
        )
        view = meeting_selectors.session_view(request.user, session)
        record_many(
            request=request,
            action=AuditAction.VIEW,
            object_type="attendance",
            participants=view.shown_participants,
            detail=f"meeting {session.pk} (api)",
        )
        session.attendance = [
            {
                "participant": row.participant.pk if row.full else None,
                "name": row.name,
                "status": row.attendance.status,
                "reply": row.attendance.reply,
            }
            for row in view.rows
        ]
        session.hidden = view.hidden
        rate = view.rate
        session.rate = {
            "present": rate.present,
            "excused": rate.excused,
            "absent": rate.absent,
            "open": rate.open,
            "percentage": rate.percentage,
        }
        return Response(s.MeetingDetailSerializer(session).data)


class ParticipantMeetings(ApiView):
    """Her meetings and her attendance, as the case page's part "Group meetings" shows them:
    for whoever may see her well-being (a partner only with her consent for well-being)."""

    serializer_class = s.HerMeetingSerializer
    pagination_class = Cursor
    object_type = "attendance"

    def get(self, request, participant_pk):
        participant = self.participant(domain=LifeDomain.WELL_BEING)
        qs = Attendance.objects.filter(participant=participant).select_related("session")
        page = self.paginate_queryset(qs)  # her file was logged as seen ("attendance")
        return self.get_paginated_response(s.HerMeetingSerializer(page, many=True).data)


# --- The outcome report ----------------------------------------------------------------------


def code(value: str) -> str:
    """A code from the query string, as a database can compare it (no NUL, not too long)."""
    return value.replace("\x00", "")[:50]


class OutcomeReport(ApiView):
    """The outcome report as the `droomplan outcome_report --format json` command gives it:
    every figure with the case numbers behind it. That JSON is internal, so only for whoever
    may see the real small numbers and who was counted (`access.policy.reports`: the
    programme lead). The board and analysts read the report with small groups hidden on the
    web page and its downloads; a token gets 403, as a partner does on the web."""

    object_type = "outcome_report"

    @extend_schema(
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="The command's JSON.")},
        parameters=[
            OpenApiParameter("as_of", datetime.date, description="Reference date (default today)."),
            OpenApiParameter("programme", str, description="Programme code (with several)."),
            OpenApiParameter("cohort", str, many=True, description="Cohort codes."),
            OpenApiParameter("municipality", str, many=True, description="CBS codes (GMxxxx)."),
        ],
    )
    def get(self, request):
        if not can_see_outcome_details(request.user):
            refuse(request, self.object_type, verb=Verb.VIEW_ALL)
        as_of = self.as_of()
        params = request.query_params
        try:
            selection = resolve(
                programme=code(params.get("programme", "")) or None,
                cohorts=[code(c) for c in params.getlist("cohort")],
                municipalities=[code(m) for m in params.getlist("municipality")],
            )
        except SelectionError as exc:
            raise exceptions.ValidationError({"selection": [str(exc)]}) from None
        figures = compute(selection, as_of)
        log_export(
            request=request,
            user=request.user,
            programme=selection.programme,
            refs=figures.population_refs,
            cases_detail="outcome report json (api)",
            report_detail=f"api json as_of={as_of} internal",
        )
        return Response(outcome_report.as_json(figures))

    def as_of(self) -> datetime.date:
        """The reference date: today, or a real date by the one date rule (`core.dates`)."""
        value = self.request.query_params.get("as_of", "")
        if not value:
            return timezone.localdate()
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if day is None:
            raise exceptions.ValidationError({"as_of": [_("Use a date such as 2026-06-30.")]})
        try:
            validate_plausible_date(day)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({"as_of": exc.messages}) from None
        return day


# --- The exchange, as background jobs --------------------------------------------------------


def job_data(request, job) -> dict:
    imported = None
    if (
        job.name == exchange_services.IMPORT_JOB
        and job.status == JobStatus.SUCCEEDED
        and (upload_id := (job.kwargs or {}).get("upload_id"))
    ):
        upload = ExchangeUpload.objects.filter(
            pk=upload_id, uploaded_by=request.user, status=UploadStatus.IMPORTED
        ).first()
        imported = upload.result if upload is not None else None
    has_file = job.status == JobStatus.SUCCEEDED and bool(job.result_file)
    return {
        "id": job.pk,
        "name": job.name,
        "status": job.status,
        "progress_done": job.progress_done,
        "progress_total": job.progress_total,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "url": reverse("api:job", args=[job.pk]),
        "result": reverse("jobs:download", args=[job.pk]) if has_file else None,
        "imported": imported,
    }


def accepted(request, job, created: bool) -> Response:
    data = s.JobSerializer(job_data(request, job)).data
    response = Response(data, status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)
    response["Location"] = data["url"]
    return response


class ExchangeExport(ApiView):
    """Start the export of a programme's exchange document (docs/exchange.md) as a job:
    202 with the job's status URL; when it has succeeded, its `result` is the file. Only the
    programme lead, as on the web (an export reads every family's file)."""

    serializer_class = s.JobSerializer
    object_type = "exchange"

    @extend_schema(
        request=s.ExchangeExportSerializer,
        responses={202: s.JobSerializer, 200: s.JobSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request):
        if not reports.can(request.user, Verb.EXPORT, reports.Tool.EXCHANGE):
            refuse(request, self.object_type, verb=Verb.EXPORT)
        code = self.valid(s.ExchangeExportSerializer).get("programme")
        programme = Programme.objects.filter(code=code).first() if code else default_programme()
        if programme is None:
            raise exceptions.ValidationError(
                {"programme": [_("Choose one of the programmes by its code.")]}
            )
        job, created = self.once(
            lambda: exchange_services.queue_export(programme=programme, actor=request.user)
        )
        return accepted(request, job, created)


class ExchangeImport(ApiView):
    """Upload an exchange file (multipart, field `file`): it is checked at once (400 with its
    problems when it cannot be imported), then imported by a job: 202 with the job's status
    URL. Only the programme lead, as on the web (an import writes every family's file)."""

    serializer_class = s.JobSerializer
    parser_classes = [MultiPartParser, FormParser]
    object_type = "exchange"

    @extend_schema(
        request={"multipart/form-data": s.ExchangeImportSerializer},
        responses={202: s.JobSerializer, 200: s.JobSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request):
        if not can_use_exchange(request.user):
            refuse(request, self.object_type, verb=Verb.IMPORT)
        data = self.valid(s.ExchangeImportSerializer)
        job, created = self.once(lambda: self.queue(data["file"], data["allow_renames"]))
        return accepted(request, job, created)

    def queue(self, uploaded, allow_renames: bool):
        upload = exchange_services.store_upload(actor=self.request.user, uploaded_file=uploaded)
        if upload.status != UploadStatus.PREVIEWED:
            problems = [str(Problem.from_dict(p)) for p in upload.preview.get("errors", [])]
            raise DjangoValidationError({"file": problems or [_("This file cannot be imported.")]})
        try:
            job = exchange_services.queue_import(
                upload=upload, actor=self.request.user, allow_renames=allow_renames
            )
        except exchange_services.RenameNotConfirmed:
            raise DjangoValidationError(
                {
                    "allow_renames": [
                        _(
                            "This file renames the programme or an organisation: send "
                            "allow_renames=true to import it."
                        )
                    ]
                }
            ) from None
        if job is None:  # pragma: no cover (a new upload is always previewed)
            raise DjangoValidationError({"file": [_("This file cannot be imported.")]})
        return job


class JobDetail(ApiView):
    """The status of a job the caller started (for anyone else it does not exist, as on the
    web): ask again until `status` is succeeded or failed; `result` is then the file."""

    serializer_class = s.JobSerializer
    object_type = "job"

    def get(self, request, pk):
        job = job_selectors.own_job(request.user, pk)
        if job is None:
            raise exceptions.NotFound
        return Response(s.JobSerializer(job_data(request, job)).data)
