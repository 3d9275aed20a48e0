"""droomplan access_log_partitions [--months-ahead N]: on PostgreSQL, make sure the access log
has its monthly partitions: this month and the next N (default 3), and one for every month
whose entries landed in the DEFAULT partition, which are moved into it
(`audit.partitions.ensure_month_partitions`). Idempotent: run it daily (docs/deployment.md).
On SQLite it only says there is nothing to do."""

import datetime

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from droomplan.audit.partitions import (
    MONTHS_AHEAD,
    ensure_month_partitions,
    is_partitioned,
    months_ahead,
)


class Command(BaseCommand):
    help = "Create the access log's monthly partitions ahead (PostgreSQL); idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months-ahead",
            type=int,
            default=MONTHS_AHEAD,
            dest="ahead",
            help="create partitions for this month and this many months after it",
        )

    def handle(self, *args, ahead=MONTHS_AHEAD, **options):
        if not is_partitioned():
            self.stdout.write(_("The access log is not partitioned here (only on PostgreSQL)."))
            return
        today = datetime.datetime.now(datetime.UTC).date()
        through = months_ahead(today, ahead)
        ensured = ensure_month_partitions(through=through)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Access log partitions through %(month)s: %(created)d created, "
                    "%(moved)d entries moved out of the default partition."
                )
                % {
                    "month": f"{through:%Y-%m}",
                    "created": len(ensured.created),
                    "moved": ensured.moved,
                }
            )
        )
