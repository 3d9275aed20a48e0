from django.core.management.base import BaseCommand

from droomplan.core.demo import load_demo


class Command(BaseCommand):
    help = "Load (or refresh) the demo programme into the configured database."

    def handle(self, *args, **options):
        counts = load_demo()
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo programme loaded: {summary}."))
