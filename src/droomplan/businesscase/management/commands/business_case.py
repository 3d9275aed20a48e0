"""`droomplan business_case --as-of YYYY-MM-DD --format json|xlsx|pdf ...`

JSON (stdout without --output) carries everything needed to recompute the report later: the
assumptions used (values, valid from, source, default or confirmed), the quantities and the
values per scenario for the programme, per cohort and (internal) per participant ref. XLSX and
PDF need --output; they are internal (real small numbers) unless `--external` is given: the
whole programme on the last quarter end, small cohorts hidden. JSON is always internal."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from droomplan.audit.commandline import command_actor
from droomplan.audit.models import Action
from droomplan.audit.services import record, record_many
from droomplan.cases.models import Participant
from droomplan.outcomes.commandline import add_report_arguments, as_of_date
from droomplan.outcomes.selection import SelectionError, resolve

from ... import computation, exports

FORMATS = ["json", "xlsx", "pdf"]


class Command(BaseCommand):
    help = "The business case (costs and returns) for a selection on a reference date."

    def add_arguments(self, parser):
        add_report_arguments(
            parser,
            formats=FORMATS,
            external_help=(
                "for outside the programme: whole programme, quarter end, small cohorts hidden"
            ),
        )

    def handle(self, *args, **options):
        with command_actor("business_case", options.get("actor")):
            self.report(options)

    def report(self, options):
        as_of = as_of_date(options["as_of"])
        fmt = options["format"]
        output = options["output"]
        external = options["external"]
        if fmt in {"xlsx", "pdf"} and not output:
            raise CommandError(f"--output FILE is required for --format {fmt}.")
        if fmt == "json" and external:
            raise CommandError(
                "JSON lists the participants behind every figure and is internal only; "
                "use --format xlsx or pdf with --external."
            )
        if external and (options["cohort"] or options["municipality"]):
            raise CommandError(
                "--external reports cover the whole programme with a fixed breakdown per "
                "cohort: leave out --cohort and --municipality."
            )
        try:
            selection = resolve(
                programme=options["programme"],
                cohorts=options["cohort"],
                municipalities=options["municipality"],
            )
        except SelectionError as exc:
            raise CommandError(str(exc)) from None
        with translation.override(settings.LANGUAGE_CODE):
            case = computation.build(
                selection, as_of, external=external, with_mothers=fmt == "json"
            )
            data = exports.render(case, fmt)
        if case.as_of != as_of:
            self.stderr.write(
                f"For outside the programme the figures are given on {case.as_of} "
                "(the end of the last quarter that has ended, on or before --as-of)."
            )
        if case.mothers:
            # the JSON names every mother's case number: each one is in her access log
            record_many(
                request=None,
                action=Action.EXPORT,
                object_type="case",
                participants=[Participant(pk=m.pk) for m in case.mothers],
                detail=f"business case {fmt} (command)",
            )
        record(
            request=None,
            action=Action.EXPORT,
            object_type="business_case",
            object_id=selection.programme.code,
            detail=f"command {fmt} as_of={case.as_of} {'external' if external else 'internal'}",
        )
        if output:
            try:
                with open(output, "wb") as handle:
                    handle.write(data)
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc.strerror}") from None
            self.stderr.write(f"Wrote {output} ({len(data)} bytes).")
        else:
            sys.stdout.flush()
            self.stdout.write(data.decode() + "\n", ending="")
