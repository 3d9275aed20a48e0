"""The access log in the mother's inzage file: who saw or changed her data, and when.

The JSON holds every entry. The PDF holds a summary per day and person (per month and person
when the log is very long, so the PDF stays readable and quick to make: a file with 10,000
entries renders in seconds); the complete log, entry by entry, is a CSV file that goes with it
(in the zip, attached inside the PDF, and as a download of its own).

Retention does not change the log: it is the trace (NEN 7513) and holds no free text about
her, only who did what to which record. `anonymise` therefore changes nothing."""

from collections import Counter, defaultdict

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import Outcome
from .selectors import entries_for_export

LABEL = "access_log"
ORDER = 1000  # last in her file: who looked at everything above
CSV_NAME = "inzagelog"
SUMMARY_MAX_ROWS = 400  # more (day, person) rows than this: summarise per month


def export(participant) -> list[dict]:
    return entries_for_export(participant)


def anonymise(participant) -> int:
    return 0


def _who(entry: dict) -> str:
    return entry["user"] or _("Droomplan (automatic)")


def _where(entry: dict) -> str:
    return ", ".join(part for part in (entry["organisation"], entry["role"]) if part) or "—"


def pdf_summary(entries: list[dict]) -> dict:
    """Her access log in short, for the PDF: per day and person (date, who, organisation and
    role, how many times, what), newest first; per month and person when that would be more
    than SUMMARY_MAX_ROWS rows."""
    per = "day"
    groups = _group(entries, per)
    if len(groups) > SUMMARY_MAX_ROWS:
        per = "month"
        groups = _group(entries, per)
    rows = []
    for (period, who, where), items in groups.items():
        actions = Counter(e["action"] for e in items)
        what = ", ".join(f"{n}× {action}" for action, n in actions.most_common())
        denied = sum(1 for e in items if e["outcome"] == str(Outcome.DENIED.label))
        if denied:
            what += " · " + _("%(count)d time(s) refused") % {"count": denied}
        rows.append(
            {
                "period": formats.date_format(
                    period, "DATE_FORMAT" if per == "day" else "YEAR_MONTH_FORMAT"
                ),
                "sort": period,
                "who": who,
                "where": where,
                "count": len(items),
                "what": what,
            }
        )
    rows.sort(key=lambda r: (r["sort"], r["who"]), reverse=True)
    intro = (
        _(
            "Below, per day and per person: who looked at your file or changed something, and "
            "how many times. Every single time, with the exact time, is in the file "
            "%(file)s that comes with this PDF."
        )
        if per == "day"
        else _(
            "Your file was looked at very often, so below is a summary per month and per "
            "person: who, and how many times. Every single time, with the exact time, is in "
            "the file %(file)s that comes with this PDF."
        )
    ) % {"file": f"{CSV_NAME}.csv"}
    return {
        "per": per,
        "entries": len(entries),
        "intro": intro,
        "headers": [
            _("Day") if per == "day" else _("Month"),
            _("Who"),
            _("Organisation and role"),
            _("Times"),
            _("What"),
        ],
        "rows": rows,
    }


def _group(entries: list[dict], per: str) -> dict:
    groups: dict = defaultdict(list)
    for entry in entries:
        day = timezone.localtime(entry["at"]).date()
        period = day if per == "day" else day.replace(day=1)
        groups[(period, _who(entry), _where(entry))].append(entry)
    return groups


def csv_file(entries: list[dict]) -> tuple[str, list[str], list[list]]:
    """The complete log, one row per entry, newest first: (name, header, rows)."""
    header = [_("When"), _("Who"), _("Organisation"), _("Role"), _("What"), _("Action")]
    header.append(_("Outcome"))
    rows = [
        [
            timezone.localtime(e["at"]).strftime("%Y-%m-%d %H:%M:%S"),
            _who(e),
            e["organisation"],
            e["role"],
            e["object_type"],
            e["action"],
            e["outcome"],
        ]
        for e in entries
    ]
    return CSV_NAME, header, rows
