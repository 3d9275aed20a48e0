"""The append-only base for traces (abstract: it makes no table)."""

from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("This record cannot be changed.")

    def delete(self):
        raise PermissionError("This record cannot be deleted.")


class AppendOnly(models.Model):
    """Base for traces (the access log, the security log, retention records) that are written
    once and never changed or deleted through the application."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("This record cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("This record cannot be deleted.")
