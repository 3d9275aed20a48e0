"""The invitation to the portal: a one-time activation link for the mother's own login.

The link carries a random token; only its SHA-256 hash is stored, so a copy of the database
does not open anyone's login. A link is valid for `INVITATION_DAYS` days and once: the
mother chooses her password with it, after which it is used. Sending a new invitation ends
every earlier one that is still open."""

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INVITATION_DAYS = 7


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self, now: datetime.datetime | None = None) -> "InvitationQuerySet":
        """Not used, not ended by a newer one, not expired."""
        now = now or timezone.now()
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    participant = models.ForeignKey(
        "cases.Participant", on_delete=models.CASCADE, related_name="portal_invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("sent to"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("portal invitation")
        verbose_name_plural = _("portal invitations")

    def __str__(self) -> str:
        return f"{self.participant_id} {self.created_at:%Y-%m-%d}"

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and self.expires_at > now
