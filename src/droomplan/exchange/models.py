"""An uploaded exchange document waiting for the programme lead's confirmation.

The file itself is kept in the private media directory under a random name (never in a hidden
form field, never served); this row holds who uploaded it and the preview. The file is removed
after the import, and uploads older than a day are cleaned up on the next upload."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UploadStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    IMPORTING = "importing", _("Being imported (in the background)")
    IMPORTED = "imported", _("Imported")
    INVALID = "invalid", _("Not imported: the file has errors")
    FAILED = "failed", _("Not imported: the import failed")


class ExchangeUpload(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=200)
    stored_name = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=UploadStatus.choices, default=UploadStatus.PREVIEWED
    )
    programme_code = models.CharField(max_length=50, blank=True)
    # participants, new/updated counts and refs (capped), counts per kind, problems (capped)
    preview = models.JSONField(default=dict)
    result = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("exchange upload")
        verbose_name_plural = _("exchange uploads")

    def __str__(self) -> str:
        return self.filename
