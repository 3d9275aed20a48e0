"""Queue today's periodic jobs (for a systemd timer or cron; see docs/deployment.md)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from droomplan.jobs.registry import periodic_jobs
from droomplan.jobs.services import enqueue, recover_stale


class Command(BaseCommand):
    help = (
        "Queue each periodic job (digests, reminders, deadline checks, retention) once for "
        "today. Safe to run more often: a job already queued for the day is not queued again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to run for (YYYY-MM-DD), default today")
        parser.add_argument("--list", action="store_true", help="only list the periodic jobs")

    def handle(self, *args, date=None, list=False, **options):  # noqa: A002
        if list:
            for found in periodic_jobs():
                self.stdout.write(f"{found.name}: {found.title}")
            return
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--date must be a date like 2025-03-01.") from exc
        recovered = recover_stale()
        if recovered:
            self.stdout.write(f"{recovered} job(s) had stopped half-way and were queued again.")
        for found in periodic_jobs():
            job = enqueue(
                found.name, dedupe_key=f"{found.name}:{day.isoformat()}", day=day.isoformat()
            )
            self.stdout.write(f"{found.name} {day.isoformat()}: {job.get_status_display()}")
