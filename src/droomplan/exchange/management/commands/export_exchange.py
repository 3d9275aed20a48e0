from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from droomplan.audit.commandline import add_actor_argument, command_actor
from droomplan.audit.models import Action
from droomplan.audit.services import record, record_many
from droomplan.cases.models import Participant
from droomplan.exchange.export import write_document
from droomplan.programmes.models import Programme


class Command(BaseCommand):
    help = "Write a programme's participants as a Droomplan exchange document."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Where to write the document ('-' = stdout).")
        parser.add_argument("--programme", help="Programme code (needed when there are several).")
        add_actor_argument(parser)

    def handle(self, *args, file: Path, programme=None, actor=None, **options):
        with command_actor("export_exchange", actor):
            self.export(file, programme)

    def export(self, file: Path, programme):
        programmes = Programme.objects.all()
        if programme:
            programmes = programmes.filter(code=programme)
        found = list(programmes[:2])
        if not found:
            raise CommandError(_("No such programme."))
        if len(found) > 1:
            raise CommandError(_("There are several programmes; choose one with --programme."))
        # Every family in the document, as the download in the browser logs it.
        record_many(
            request=None,
            action=Action.EXPORT,
            object_type="exchange_export",
            participants=Participant.objects.filter(programme=found[0]).only("pk"),
            detail=f"exchange export {found[0].code} (command)",
        )
        record(
            request=None,
            action=Action.EXPORT,
            object_type="exchange_export",
            object_id=found[0].pk,
            detail=f"exchange export {found[0].code} (command)",
        )
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
