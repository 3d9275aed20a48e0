"""Queueing and running jobs, retries with back-off, progress, results.

A job is queued in the same database transaction as the work that asked for it: the job row
and the task framework's row are both written before the commit (the database backend uses
the same database), so a job is never queued for work that was rolled back, and never lost
when the process stops right after the commit."""

import datetime
import logging
import traceback
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import get_valid_filename
from django_tasks import task

from .models import ACTIVE_STATUSES, Job, JobStatus
from .registry import JobContext, definition, name_of

logger = logging.getLogger(__name__)

ERROR_LIMIT = 2000


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long to wait after failed try number `attempt` (1, 2, ...): the base delay
    (JOBS_RETRY_BASE_SECONDS, 60 s) times 4 per try: 1 min, 4 min, 16 min, about 1 h, 4 h."""
    base = getattr(settings, "JOBS_RETRY_BASE_SECONDS", 60)
    return datetime.timedelta(seconds=base * 4 ** (attempt - 1))


def _send_to_queue(job: Job, *, run_after: datetime.datetime | None = None) -> None:
    task = run_job.using(run_after=run_after) if run_after else run_job
    result = task.enqueue(job_id=str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)


@transaction.atomic
def enqueue(name, /, *, owner=None, dedupe_key: str = "", **kwargs) -> Job:
    """Queue job `name` with `kwargs`. With `dedupe_key`, a job with that key is queued only
    once (a unique index decides, not a check first): a second call returns the first job."""
    name = name_of(name)
    found = definition(name)
    if found is None:
        raise ValueError(f"There is no job called {name!r}.")
    try:
        with transaction.atomic():
            job = Job.objects.create(
                name=name,
                kwargs=kwargs,
                owner=owner,
                dedupe_key=dedupe_key,
                max_attempts=found.max_attempts,
            )
    except IntegrityError:
        if not dedupe_key:
            raise
        return Job.objects.get(dedupe_key=dedupe_key)
    _send_to_queue(job)
    return job


def _claim(job_id) -> Job | None:
    """Mark the job as running (one conditional UPDATE: a job delivered twice runs once)."""
    claimed = Job.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RETRYING])
    if not claimed.update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=timezone.now(),
        next_attempt_at=None,
    ):
        return None
    return Job.objects.get(pk=job_id)


def run(job_id) -> Job | None:
    """Run one try of a job (what the worker does). Never raises: a failure is recorded on
    the job and tried again later, or, after the last try, left for the administrator."""
    job = _claim(job_id)
    if job is None:
        return None
    found = definition(job.name)
    try:
        if found is None:
            raise LookupError(f"There is no job called {job.name!r} (any more).")
        context = JobContext(job, set_progress=set_progress, save_result=save_result)
        found.func(context, **job.kwargs)
    except Exception as exc:
        _failed(job, exc, final=found is None)
    else:
        Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, finished_at=timezone.now())
    job.refresh_from_db()
    return job


def _describe(exc: BaseException) -> str:
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return text[:ERROR_LIMIT]


@transaction.atomic
def _failed(job: Job, exc: BaseException, *, final: bool = False) -> None:
    now = timezone.now()
    error = _describe(exc)
    if not final and job.attempts < job.max_attempts:
        next_at = now + retry_delay(job.attempts)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.RETRYING, failed_at=now, next_attempt_at=next_at, error=error
        )
        logger.warning(
            "Job %s (%s) failed on try %s of %s; next try at %s: %s",
            job.pk,
            job.name,
            job.attempts,
            job.max_attempts,
            next_at.isoformat(),
            error,
            exc_info=exc,
        )
        _send_to_queue(job, run_after=next_at)
        return
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, failed_at=now, finished_at=now, error=error
    )
    logger.error(
        "Job %s (%s) failed after %s tries: %s",
        job.pk,
        job.name,
        job.attempts,
        error,
        exc_info=exc,
    )


@transaction.atomic
def retry(*, job: Job) -> Job:
    """Queue a failed job again, with all its tries (the administrator's "try again")."""
    updated = Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, attempts=0, finished_at=None, next_attempt_at=None
    )
    job.refresh_from_db()
    if updated:
        _send_to_queue(job)
    return job


def recover_stale(*, older_than: datetime.timedelta | None = None) -> int:
    """Jobs that have been 'busy' for longer than JOBS_STALE_AFTER_MINUTES (a worker stopped
    in the middle of them) count as a failed try: they are tried again, or left failed."""
    minutes = getattr(settings, "JOBS_STALE_AFTER_MINUTES", 60)
    limit = timezone.now() - (older_than or datetime.timedelta(minutes=minutes))
    stale = list(Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=limit))
    for job in stale:
        _failed(job, RuntimeError("The worker stopped while it ran this job."))
    return len(stale)


def set_progress(job: Job, *, done: int, total: int | None = None, note: str = "") -> None:
    job.progress_done, job.progress_total, job.progress_note = done, total, note[:200]
    Job.objects.filter(pk=job.pk).update(
        progress_done=done, progress_total=total, progress_note=note[:200]
    )


def save_result(job: Job, *, filename: str, content, content_type: str) -> None:
    """Store the result: `content` is bytes or an open binary file (copied in chunks)."""
    name = get_valid_filename(PurePath(filename).name) or "result"
    stored = ContentFile(content) if isinstance(content, bytes) else File(content)
    path = default_storage.save(f"jobs/{job.pk}/{name}", stored)
    job.result_file, job.result_name, job.result_content_type = path, name, content_type
    Job.objects.filter(pk=job.pk).update(
        result_file=path, result_name=name, result_content_type=content_type
    )


def prune(*, older_than: datetime.timedelta) -> int:
    """Remove finished jobs (and their result files) older than `older_than`; failed jobs
    stay until the administrator has seen them (retried) or they are a month older."""
    now = timezone.now()
    old = Job.objects.filter(finished_at__lt=now - older_than).exclude(
        status__in=[*ACTIVE_STATUSES, JobStatus.FAILED]
    ) | Job.objects.filter(
        status=JobStatus.FAILED, finished_at__lt=now - older_than - datetime.timedelta(days=30)
    )
    count = 0
    for job in old:
        if job.result_file:
            default_storage.delete(job.result_file)
        job.delete()
        count += 1
    return count


@task()
def run_job(job_id: str) -> None:
    """The one task the workers run: every job goes through it, so retries, progress and
    the failed-jobs page work the same for all of them."""
    run(job_id)
