"""Reads of jobs."""

from django.db.models import QuerySet

from .models import Job, JobStatus


def own_job(user, pk) -> Job | None:
    """The job `pk` if `user` started it (a job's page and result are hers only)."""
    if not user.is_authenticated:
        return None
    return Job.objects.filter(pk=pk, owner=user).first()


def failed_jobs() -> QuerySet[Job]:
    return Job.objects.failed().order_by("-failed_at")


def retrying_jobs() -> QuerySet[Job]:
    return Job.objects.filter(status=JobStatus.RETRYING).order_by("next_attempt_at")
