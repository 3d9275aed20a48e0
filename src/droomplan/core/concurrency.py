"""Optimistic locking: no lost updates when two people edit the same record.

A `core.models.Versioned` record carries a version number. The edit form sends the version
it was opened on (a hidden field, `core.forms.SafeSubmitMixin`); the service calls
`claim_version(record, version)` before it saves. That is one conditional UPDATE
(``... SET version = v + 1 WHERE id = ? AND version = v``), so of two forms opened on the same
version only the first one saved wins, on SQLite and PostgreSQL alike, without holding locks
while people type. The other gets an `EditConflict` (a ValidationError): the form is shown
again with what she typed, the values saved in the meantime, and the new version, so saving
again is a deliberate choice."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class EditConflict(ValidationError):
    """The record changed since the form was opened; `current` is the record as saved now."""

    def __init__(self, current):
        super().__init__(
            _("Someone else saved a change to this while you were editing it."),
            code="edit_conflict",
        )
        self.current = current


def claim_version(record, version: int | None = None) -> None:
    """Move `record` to its next version, if it is still at `version` (the version the form
    was opened on; None: the version `record` was loaded with). Call it inside the service's
    transaction, before saving; raises EditConflict when someone else was first."""
    model = type(record)
    expected = record.version if version is None else version
    moved = model._base_manager.filter(pk=record.pk, version=expected).update(version=expected + 1)
    if not moved:
        raise EditConflict(model._base_manager.get(pk=record.pk))
    record.version = expected + 1
