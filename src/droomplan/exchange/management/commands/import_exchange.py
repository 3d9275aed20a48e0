from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from droomplan.audit.commandline import command_actor
from droomplan.exchange.reader import DocumentError
from droomplan.exchange.services import ExchangeInvalid, import_file, preview_file

from ._progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import a Droomplan exchange document (docs/exchange/FORMAT.md). The whole file is "
        "checked first; with any error nothing is imported. Importing again updates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Only check the file and show what would change."
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show a progress bar even when not on a terminal.",
        )
        parser.add_argument("--user", help="Username recorded as the importer in the access log.")

    def handle(self, *args, file: Path, dry_run: bool, progress: bool, user=None, **options):
        if not file.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": file})
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("No user %(name)s.") % {"name": user})
        enabled = True if progress else None
        bar = ProgressBar(_("Checking"), 0, stream=self.stderr._out, enabled=enabled)
        preview = preview_file(file, progress=lambda index: bar.update(index + 1))
        bar.close()
        for problem in preview.warnings:
            self.stderr.write(_("warning: %(problem)s") % {"problem": problem})
        if preview.errors:
            for problem in preview.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(count)s problem(s) found; nothing was imported.")
                % {"count": len(preview.errors)}
            )
        if dry_run:
            self.stdout.write(
                _(
                    "The file is valid: %(new)s new and %(updated)s updated participant(s). "
                    "Nothing was imported (dry run)."
                )
                % {"new": len(preview.new_refs), "updated": len(preview.updated_refs)}
            )
            return
        bar = ProgressBar(
            _("Importing"), preview.participants, stream=self.stderr._out, enabled=enabled
        )
        try:
            # without --user, the access log names the operating-system user
            with command_actor("import_exchange"):
                result = import_file(file, actor=actor, progress=bar.update)
        except ExchangeInvalid as exc:  # changed between the check and the import
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(_("Nothing was imported.")) from exc
        except DocumentError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(code)s: %(summary)s.")
                % {"code": result.programme_code, "summary": result.display()}
            )
        )
