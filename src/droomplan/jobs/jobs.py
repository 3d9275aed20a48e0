"""The jobs app's own daily housekeeping."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registry import periodic
from .services import prune


@periodic("jobs.cleanup", title=_("Remove old finished jobs"))
def cleanup(ctx, *, day: str) -> None:
    """Finished jobs and their result files are kept JOBS_KEEP_DAYS days (7), then removed,
    with the task framework's rows of the same age."""
    from django_tasks_db.models import DBTaskResult

    keep = datetime.timedelta(days=getattr(settings, "JOBS_KEEP_DAYS", 7))
    prune(older_than=keep)
    DBTaskResult.objects.finished().filter(finished_at__lt=timezone.now() - keep).delete()
