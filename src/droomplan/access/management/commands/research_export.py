"""droomplan research_export FILE: write the pseudonymised research export (JSON)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from droomplan.access import research
from droomplan.audit.commandline import add_actor_argument, command_actor


class Command(BaseCommand):
    help = "Write the pseudonymised research export (JSON) to FILE ('-' for standard output)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        add_actor_argument(parser)

    def handle(self, *args, file, actor=None, **options):
        with command_actor("research_export", actor):
            self.export(file)

    def export(self, file):
        target = None if file == "-" else Path(file)
        if target is not None and not target.parent.is_dir():
            raise CommandError(
                _("The folder %(folder)s does not exist.") % {"folder": target.parent}
            )
        try:
            data = research.export(detail="command research_export")
        except research.ResearchExportRefused as exc:
            raise CommandError(exc.message) from None
        content = research.to_json(data)
        check = data["k_anonymity"]
        self.stderr.write(
            _("Smallest group on the quasi-identifiers: %(smallest)d (at least %(k)d needed).")
            % {"smallest": check["smallest_group"], "k": check["k"]}
        )
        if target is None:
            self.stdout.write(content.decode())
            return
        target.write_bytes(content)
        self.stderr.write(
            self.style.SUCCESS(
                _("%(count)d participants written to %(file)s.")
                % {"count": data["participant_count"], "file": target}
            )
        )
