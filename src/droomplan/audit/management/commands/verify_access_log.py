"""droomplan verify_access_log [--expect ID:HASH]: check the access log's hash chain.

Exit code 0 when every link holds; 1 with the first broken link otherwise. Run it daily and
keep its last line (the newest entry and its hash) outside the database: `--expect` with an
earlier line shows that the log up to there was not rewritten as a whole."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from droomplan.audit.chain import verify
from droomplan.audit.models import AccessLogChain, AccessLogEntry


def parse_expect(value: str) -> tuple[int, str]:
    entry_id, _sep, digest = value.partition(":")
    if not entry_id.isdigit() or len(digest) != 64:
        raise CommandError(_("--expect must look like 1234:<64 hexadecimal characters>."))
    return int(entry_id), digest.lower()


class Command(BaseCommand):
    help = "Verify the access log's hash chain; report the first broken link (exit code 1)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect",
            metavar="ID:HASH",
            help="an entry and hash printed by an earlier run, which must still be in the chain",
        )

    def handle(self, *args, expect=None, **options):
        expected = parse_expect(expect) if expect else None
        verdict = verify()
        if not verdict.ok:
            where = (
                _("at entry %(id)s") % {"id": verdict.broken_id}
                if verdict.broken_id is not None
                else _("at its end")
            )
            raise CommandError(
                _(
                    "The access log's chain is broken %(where)s: %(problem)s. "
                    "%(checked)d entries before it are intact."
                )
                % {"where": where, "problem": verdict.problem, "checked": verdict.checked}
            )
        if expected is not None:
            entry_id, digest = expected
            head = AccessLogChain.objects.filter(pk=1).first()
            found = AccessLogEntry.objects.filter(pk=entry_id).values_list("hash", flat=True)
            if head is not None and head.anchor_id is not None and entry_id <= head.anchor_id:
                pass  # removed by retention since; the anchor carries the chain on
            elif list(found) != [digest]:
                raise CommandError(
                    _(
                        "Entry %(id)s no longer has the hash recorded earlier: the log was "
                        "rewritten up to there."
                    )
                    % {"id": entry_id}
                )
        self.stdout.write(
            self.style.SUCCESS(
                _("Access log intact: %(checked)d entries. Newest: %(id)s:%(hash)s")
                % {
                    "checked": verdict.checked,
                    "id": verdict.last_id if verdict.last_id is not None else 0,
                    "hash": verdict.last_hash or "-",
                }
            )
        )
