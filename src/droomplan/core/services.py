"""Writes of the core app: the one-time tokens of create forms (idempotency)."""

import datetime
from collections.abc import Callable
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import FormSubmission

T = TypeVar("T")
SUBMISSION_DAYS = 7  # a form is not sent again after a week; then its token is forgotten


class AlreadySubmitted(Exception):
    """This form was sent before; `result` is what that first submission created."""

    def __init__(self, result):
        super().__init__("form already submitted")
        self.result = result


@transaction.atomic
def submit_once(*, token: str, save: Callable[[], T]) -> T:
    """Run `save()` (a service call) at most once per form token.

    The token is stored in the same transaction as what `save()` writes: when `save()` fails
    (a ValidationError), the token is free again and the corrected form can be sent. A second
    submission with the same token raises AlreadySubmitted with the first one's result; when
    both arrive at the same moment, the database's unique index makes the second wait for the
    first and then find its token."""
    now = timezone.now()
    FormSubmission.objects.filter(
        created_at__lt=now - datetime.timedelta(days=SUBMISSION_DAYS)
    ).delete()
    try:
        with transaction.atomic():
            submission = FormSubmission.objects.create(token=token, created_at=now)
    except IntegrityError:
        raise AlreadySubmitted(FormSubmission.objects.get(token=token).result()) from None
    result = save()
    if isinstance(result, models.Model) and result.pk is not None:
        submission.content_type = ContentType.objects.get_for_model(result)
        submission.object_id = str(result.pk)
        submission.save(update_fields=["content_type", "object_id"])
    return result
