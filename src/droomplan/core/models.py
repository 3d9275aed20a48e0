"""Building blocks shared by the domain apps: records that are safe to edit from a page that
may be stale (a version number) and create forms that are safe to send twice (a one-time
token). See `core.concurrency` and `core.forms.SafeSubmitMixin`."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A record that people change through forms. `version` goes up by one with every change
    made through a service (`core.concurrency.claim_version`), so a form that was opened on an
    older version is refused instead of silently overwriting what someone else saved."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class FormSubmission(models.Model):
    """A create form that has been sent: its one-time token and the record it created. A form
    sent twice (a double click, the back button, a retry after a time-out) finds its token
    here and creates nothing the second time. Tokens are forgotten after
    `core.services.SUBMISSION_DAYS` days."""

    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("sent form")
        verbose_name_plural = _("sent forms")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.content_type_id}:{self.object_id}"

    def result(self):
        """What the first submission created (None when it created no record or it is gone)."""
        if self.content_type_id is None or not self.object_id:
            return None
        model = self.content_type.model_class()
        if model is None:
            return None
        return model._default_manager.filter(pk=self.object_id).first()
