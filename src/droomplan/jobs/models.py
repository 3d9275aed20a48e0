import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .registry import definition


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Busy")
    RETRYING = "retrying", _("Failed, will be tried again")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.RETRYING)


class JobQuerySet(models.QuerySet):
    def failed(self):
        return self.filter(status=JobStatus.FAILED)

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


class Job(models.Model):
    """One piece of background work: what to run, how far it got, how it ended.

    The task framework's own row (django_tasks_db) is the delivery to a worker; this row is
    the job as people see it: it survives retries (one task per try), carries progress and
    the result file, and stays listed for the administrator when the last try failed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("job"), max_length=100)
    kwargs = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who started it: only she sees its page and downloads its result.",
    )
    dedupe_key = models.CharField(
        max_length=200,
        blank=True,
        help_text="A job with the same key is not queued twice (e.g. a periodic job per day).",
    )
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    max_attempts = models.PositiveSmallIntegerField(default=5)
    task_id = models.CharField(max_length=64, blank=True, help_text="The current try's task.")
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next try at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("last failed at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    progress_note = models.CharField(max_length=200, blank=True)
    result_file = models.CharField(max_length=300, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="jobs_unique_dedupe_key",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="jobs_status_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def title(self) -> str:
        found = definition(self.name)
        return str(found.title) if found else self.name

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))
