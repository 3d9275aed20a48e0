"""`droomplan exchange_template FILE`: write the spreadsheet template (.xlsx) for imports."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from droomplan.exchange.workbook import write_template


class Command(BaseCommand):
    help = "Write the spreadsheet template (.xlsx) for importing families."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        with open(file, "wb") as out:
            write_template(out)
        self.stdout.write(_("Template written to %(path)s.") % {"path": file})
