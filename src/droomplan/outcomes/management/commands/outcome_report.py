"""`droomplan outcome_report --as-of YYYY-MM-DD --format json|csv|xlsx|pdf ...`

JSON (stdout without --output) is the internal, checkable report: as_of, selection,
population and every metric with numerator, denominator, percentage and the sorted refs.
CSV, XLSX and PDF add the breakdowns by cohort and municipality (and the trend for XLSX/PDF);
they are internal (real numbers, refs) unless `--external` is given: then no refs and small
cells masked as "< 5" — the version for funders and the board. JSON is always internal."""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from droomplan.audit.commandline import command_actor
from droomplan.audit.models import Action
from droomplan.audit.services import record, record_many
from droomplan.cases.models import Participant

from ... import exports, report
from ...commandline import add_report_arguments, as_of_date
from ...metrics import compute
from ...selection import SelectionError, resolve

FORMATS = ["json", "csv", "xlsx", "pdf"]


class Command(BaseCommand):
    help = "Compute the outcome figures (OUTCOMES.md) for a selection on a reference date."

    def add_arguments(self, parser):
        add_report_arguments(
            parser,
            formats=FORMATS,
            external_help=(
                "for outside the programme: no refs, cells below the threshold as '< 5'"
            ),
        )

    def handle(self, *args, **options):
        with command_actor("outcome_report", options.get("actor")):
            self.report(options)

    def report(self, options):
        as_of = as_of_date(options["as_of"])
        fmt = options["format"]
        output = options["output"]
        if fmt in {"xlsx", "pdf"} and not output:
            raise CommandError(f"--output FILE is required for --format {fmt}.")
        if fmt == "json" and options["external"]:
            raise CommandError(
                "JSON lists the participants behind every figure and is internal only; "
                "use --format csv, xlsx or pdf with --external."
            )
        if options["external"] and (options["cohort"] or options["municipality"]):
            raise CommandError(
                "--external reports cover the whole programme, with fixed breakdowns per "
                "cohort and per municipality: a sub-selection could be subtracted from it to "
                "reveal a small group. Leave out --cohort and --municipality."
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
            figures = None
            if fmt == "json":
                figures = compute(selection, as_of)
                content = json.dumps(report.as_json(figures), indent=2)
                data = (content + "\n").encode()
            else:
                built = report.build(
                    selection,
                    as_of,
                    external=options["external"],
                    with_refs=not options["external"],
                    with_trend=fmt in {"xlsx", "pdf"},
                )
                data = exports.render(built, fmt)
                figures = built.figures
                if built.as_of != as_of:
                    self.stderr.write(
                        f"For outside the programme the figures are given on {built.as_of} "
                        "(the end of the last quarter that has ended, on or before --as-of)."
                    )
        audience = "external" if options["external"] else "internal"
        if figures is not None and figures.population_refs:
            # An internal report names the families behind each figure (their case numbers).
            record_many(
                request=None,
                action=Action.EXPORT,
                object_type="case",
                participants=Participant.objects.filter(
                    programme=selection.programme, ref__in=figures.population_refs
                ).only("pk"),
                detail=f"outcome report {fmt} (command)",
            )
        record(
            request=None,
            action=Action.EXPORT,
            object_type="outcome_report",
            object_id=selection.programme.code,
            detail=f"command {fmt} as_of={as_of} {audience}",
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
            self.stdout.write(data.decode(), ending="")
