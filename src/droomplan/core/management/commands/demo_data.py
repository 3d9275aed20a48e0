from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from droomplan.core.demo import load_demo


class Command(BaseCommand):
    help = "Load (or refresh) the demo programme into the configured database."

    def handle(self, *args, **options):
        if settings.DROOMPLAN_PRODUCTION:
            raise CommandError(
                "demo_data refuses to run with the production settings: it would add made-up "
                "families and demo logins with a published password to a real installation. "
                "Use it only with droomplan.settings.local (the default)."
            )
        counts = load_demo()
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo programme loaded: {summary}."))
