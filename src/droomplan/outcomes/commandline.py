"""What the report commands share (`outcome_report`, `business_case`): the reference date and
the selection arguments, parsed one way."""

import datetime

from django.core.management.base import CommandError

from droomplan.audit.commandline import add_actor_argument


def as_of_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--as-of: '{value}' is not a date; use YYYY-MM-DD, e.g. 2026-06-30."
        ) from None


def add_report_arguments(parser, *, formats: list[str], external_help: str) -> None:
    """--as-of, --programme, --cohort, --municipality, --format, --output, --external, --actor."""
    parser.add_argument("--as-of", required=True, help="reference date D, YYYY-MM-DD")
    parser.add_argument("--programme", help="programme code (needed with several programmes)")
    parser.add_argument(
        "--cohort", nargs="+", action="extend", default=[], metavar="CODE", help="cohort codes"
    )
    parser.add_argument(
        "--municipality",
        nargs="+",
        action="extend",
        default=[],
        metavar="GMxxxx",
        help="CBS municipality codes",
    )
    parser.add_argument("--format", required=True, choices=formats)
    parser.add_argument("--output", help="file to write (required for xlsx and pdf)")
    parser.add_argument("--external", action="store_true", help=external_help)
    add_actor_argument(parser)
