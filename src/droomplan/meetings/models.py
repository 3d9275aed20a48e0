"""Group meetings: the mothers of one or more cohorts meet, learn from each other and have fun
together, sometimes with their children. Each invited mother has one attendance record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from droomplan.accounts.models import Organisation
from droomplan.cases.models import Participant
from droomplan.programmes.models import Cohort, Programme


class GroupSession(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="group_sessions"
    )
    cohorts = models.ManyToManyField(
        Cohort, related_name="group_sessions", verbose_name=_("groups")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    place = models.CharField(_("place"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200)
    description = models.TextField(_("programme of the meeting"), max_length=2000, blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="facilitated_sessions",
        blank=True,
        verbose_name=_("facilitators"),
    )
    children_welcome = models.BooleanField(_("children are welcome"), default=False)
    childcare_arranged = models.BooleanField(_("childcare is arranged"), default=False)
    childcare_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("childcare by"),
    )
    report = models.TextField(_("report"), max_length=6000, blank=True)
    report_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("group meeting")
        verbose_name_plural = _("group meetings")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.theme}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Absent with notice")
    ABSENT = "absent", _("Absent")


class Reply(models.TextChoices):
    """Her answer to the invitation, from her portal (before the meeting)."""

    COMING = "coming", _("Coming")
    NOT_COMING = "not_coming", _("Cannot come")


class Attendance(models.Model):
    """One invited mother at one meeting. `status` stays empty until it is recorded; `reply`
    is her own answer to the invitation (empty until she answers in her portal)."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="meeting_attendances"
    )
    status = models.CharField(
        _("attendance"), max_length=10, choices=AttendanceStatus.choices, blank=True
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    reply = models.CharField(_("her answer"), max_length=10, choices=Reply.choices, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session__date", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="one_attendance_per_mother"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.participant_id}: {self.status or '-'}"
