from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from droomplan.exchange.export import write_document
from droomplan.programmes.models import Programme


class Command(BaseCommand):
    help = "Write a programme's participants as a Droomplan exchange document."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Where to write the document ('-' = stdout).")
        parser.add_argument("--programme", help="Programme code (needed when there are several).")

    def handle(self, *args, file: Path, programme=None, **options):
        programmes = Programme.objects.all()
        if programme:
            programmes = programmes.filter(code=programme)
        found = list(programmes[:2])
        if not found:
            raise CommandError(_("No such programme."))
        if len(found) > 1:
            raise CommandError(_("There are several programmes; choose one with --programme."))
        if str(file) == "-":
            count = write_document(found[0], self.stdout._out)
        else:
            tmp = file.with_name(file.name + ".part")
            with open(tmp, "w", encoding="utf-8") as out:
                count = write_document(found[0], out)
            tmp.replace(file)
            self.stdout.write(
                self.style.SUCCESS(
                    _("Wrote %(count)s participant(s) to %(path)s.")
                    % {"count": count, "path": file}
                )
            )
