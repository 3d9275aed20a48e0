"""Notifications (the in-app list), each person's e-mail choices, and the e-mails sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .kinds import Delivery, Kind


class MailKind(models.TextChoices):
    IMMEDIATE = "immediate", _("Straight away")
    DIGEST = "digest", _("Daily digest")


class Mail(models.Model):
    """One e-mail to one person: "there are N new things for you in Droomplan" and a link,
    never anything about a family. A digest is unique per person and day, so the daily job
    run twice sends it once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=MailKind.choices)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "day"],
                condition=models.Q(kind="digest"),
                name="attention_one_digest_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.day} → {self.recipient_id}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_digest(self):
        """Waiting for the daily e-mail: digest delivery, not mailed yet, not read yet."""
        return self.filter(delivery=Delivery.DIGEST, mail__isnull=True, read_at__isnull=True)


class Notification(models.Model):
    """Something that is waiting for one person. Its text is made when it is shown (from
    `kind` and `params`, which never hold a name), so the list never says more about a
    family than its reader may see at that moment."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("told"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    participant = models.ForeignKey(
        "cases.Participant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    url = models.CharField(max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    mail = models.ForeignKey(
        Mail, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    dedupe_key = models.CharField(
        max_length=200,
        blank=True,
        help_text="Reminders and warnings of the daily jobs: told once per key and person.",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    read_at = models.DateTimeField(_("read on"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="attention_notify_once_per_key",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="attention_unread_idx"),
            models.Index(fields=["delivery", "mail"], name="attention_digest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class NotificationPreference(models.Model):
    """Her choice for one kind; without a row the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="attention_one_choice_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"
