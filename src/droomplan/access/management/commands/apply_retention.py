"""droomplan apply_retention [--dry-run] [--today YYYY-MM-DD]: anonymise the files whose
retention period is over (see docs/privacy-rights.md)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from droomplan.access.retention import apply_retention
from droomplan.audit.commandline import command_actor
from droomplan.audit.models import AccessLogEntry


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--today must be a date like 2026-12-31, not %(value)r.") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = (
        "Anonymise participants whose trajectory ended more than the programme's retention "
        "period ago. Names, contact details and free text are removed; figures stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would happen; change nothing."
        )
        parser.add_argument("--today", help="Act as if today is this date (YYYY-MM-DD).")

    def handle(self, *args, dry_run=False, today=None, **options):
        day = parse_day(today) if today else timezone.localdate()
        with command_actor("apply_retention"):  # the access log names the operating-system user
            report = apply_retention(today=day, dry_run=dry_run)
        if dry_run:
            self.stdout.write(_("Dry run on %(day)s: nothing is changed.") % {"day": day})
        for row in report.participants:
            values = {
                "ref": row["ref"],
                "programme": row["programme"],
                "ended": row["ended_on"],
                "kept": row["kept_until"],
            }
            if dry_run:
                line = _(
                    "%(ref)s (%(programme)s): ended %(ended)s, kept until %(kept)s, "
                    "would be anonymised."
                )
            else:
                values["what"] = ", ".join(f"{k}={v}" for k, v in row["what"].items())
                line = _(
                    "%(ref)s (%(programme)s): ended %(ended)s, kept until %(kept)s, "
                    "anonymised (%(what)s)."
                )
            self.stdout.write(line % values)
        for line in report.app_lines:
            self.stdout.write(line)
        count = len(report.participants)
        if dry_run:
            summary = _("%(count)d file(s) would be anonymised.") % {"count": count}
        else:
            summary = _("%(count)d file(s) anonymised.") % {"count": count}
        self.stdout.write(self.style.SUCCESS(summary))
        log = AccessLogEntry.objects.order_by("at").values_list("at", flat=True)
        total = log.count()
        if total:
            self.stdout.write(
                _(
                    "Access log: %(total)d entries since %(first)s. Retention does not remove "
                    "them (they are the trace); see droomplan prune_access_log."
                )
                % {"total": total, "first": f"{timezone.localtime(log.first()):%Y-%m-%d}"}
            )
