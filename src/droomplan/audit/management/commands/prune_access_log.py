"""droomplan prune_access_log --before YYYY-MM-DD [--actor USERNAME] [--dry-run]: retention of
the access log, the one documented exception to "never deleted" (docs/security.md, item 5).

Removes the oldest entries (every entry before the first one on or after the date), only when
the chain is intact and the date is at least DROOMPLAN_ACCESS_LOG_KEEP_YEARS ago. The chain is
anchored at the last entry removed, and an entry in the access log itself says who removed
how many, up to which date, and the anchor. On PostgreSQL it then drops the monthly partitions
that end before the date and are empty now (`audit.partitions.drop_empty_partitions`): never
one with rows, and only here, after the guarded DELETE, in its transaction."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from droomplan.audit.chain import prune, verify
from droomplan.audit.commandline import add_actor_argument, command_actor
from droomplan.audit.models import AccessLogEntry, Action
from droomplan.audit.partitions import drop_empty_partitions, ensure_month_partitions
from droomplan.audit.services import record


def keep_years() -> int:
    return int(getattr(settings, "DROOMPLAN_ACCESS_LOG_KEEP_YEARS", 5))


class Command(BaseCommand):
    help = "Remove access-log entries older than a date (retention); the chain is re-anchored."

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="remove entries before this date")
        parser.add_argument("--dry-run", action="store_true", help="only count; remove nothing")
        add_actor_argument(parser)

    def handle(self, *args, before, dry_run=False, actor=None, **options):
        try:
            day = datetime.date.fromisoformat(before)
        except ValueError:
            raise CommandError(
                _("--before must be a date like 2020-01-01, not %(value)r.") % {"value": before}
            ) from None
        today = timezone.localdate()
        years = keep_years()
        try:
            limit = today.replace(year=today.year - years)
        except ValueError:  # 29 February
            limit = today.replace(year=today.year - years, day=28)
        if day > limit:
            raise CommandError(
                _(
                    "The access log is kept %(years)d years: --before may be %(limit)s at the "
                    "latest."
                )
                % {"years": years, "limit": limit}
            )
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        with command_actor("prune_access_log", actor):
            verdict = verify()
            if not verdict.ok:
                raise CommandError(
                    _(
                        "The access log's chain is broken (entry %(id)s: %(problem)s); run "
                        "verify_access_log and investigate before removing anything."
                    )
                    % {"id": verdict.broken_id, "problem": verdict.problem}
                )
            if dry_run:
                count = AccessLogEntry.objects.filter(at__lt=moment).count()
                self.stdout.write(
                    _("Dry run: about %(count)d entries before %(day)s would be removed.")
                    % {"count": count, "day": day}
                )
                return
            # Entries that landed in the DEFAULT partition into their month's (PostgreSQL),
            # so that a month emptied below can be dropped.
            ensure_month_partitions(through=timezone.now().date())
            with transaction.atomic():  # the removal and its record, together
                pruned = prune(before=moment)
                dropped = drop_empty_partitions(before=moment)
                record(
                    request=None,
                    action=Action.DELETE,
                    object_type="access_log",
                    object_id=pruned.anchor_id or "",
                    detail=(
                        f"retention: removed {pruned.removed} entries before {day}; "
                        f"chain anchored at {pruned.anchor_id}:{pruned.anchor_hash}"
                        + (f"; empty partitions dropped: {len(dropped)}" if dropped else "")
                    )[:300],
                )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d entries before %(day)s removed; the chain starts after entry %(id)s.")
                % {"count": pruned.removed, "day": day, "id": pruned.anchor_id or "-"}
            )
        )
