"""A job's status page (polled with htmx), its download, and the administrator's page of
failed jobs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from droomplan.access.decorators import allowed_if
from droomplan.access.policy import can_see_jobs
from droomplan.audit.models import Action
from droomplan.audit.services import record

from . import POLL_SECONDS, selectors, services
from .models import Job, JobStatus


def _own_job(request: HttpRequest, pk) -> Job:
    """Only the person who started a job sees it; for anyone else it does not exist."""
    job = selectors.own_job(request.user, pk)
    if job is None:
        raise Http404
    return job


@login_required
def detail(request: HttpRequest, pk) -> HttpResponse:
    job = _own_job(request, pk)
    return render(request, "jobs/detail.html", {"job": job, "poll_seconds": POLL_SECONDS})


@login_required
def status(request: HttpRequest, pk) -> HttpResponse:
    """The status part alone (htmx polls it until the job is finished)."""
    job = _own_job(request, pk)
    return render(request, "jobs/status.html", {"job": job, "poll_seconds": POLL_SECONDS})


@login_required
def download(request: HttpRequest, pk) -> FileResponse:
    job = _own_job(request, pk)
    if job.status != JobStatus.SUCCEEDED or not job.result_file:
        raise Http404
    try:
        handle = default_storage.open(job.result_file, "rb")
    except FileNotFoundError:
        raise Http404 from None
    record(
        request=request,
        action=Action.EXPORT,
        object_type="job",
        object_id=job.pk,
        detail=f"download: {job.name}",
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=job.result_name,
        content_type=job.result_content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "no-store"
    return response


jobs_page = allowed_if(can_see_jobs, object_type="job")


@jobs_page
def failed(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "jobs/failed.html",
        {
            "failed_jobs": list(selectors.failed_jobs()[:100]),
            "retrying_jobs": list(selectors.retrying_jobs()[:100]),
        },
    )


@jobs_page
@require_POST
def retry(request: HttpRequest, pk) -> HttpResponse:
    job = get_object_or_404(Job, pk=pk, status=JobStatus.FAILED)
    services.retry(job=job)
    messages.success(request, _("The job has been queued again."))
    return redirect("jobs:failed")
