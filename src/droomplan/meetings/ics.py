"""iCalendar (RFC 5545) files of group meetings, for the staff's own calendars.

Times are written in UTC (the meeting's Europe/Amsterdam local time converted), so no
VTIMEZONE block is needed and every calendar shows the right hour. The file holds no names
of mothers: it ends up in personal calendars, outside the programme's access log."""

import datetime
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import GroupSession

PRODID = "-//Cooperatie Droommoeders//Droomplan//NL"
LINE_LIMIT = 75  # octets per line, without the CRLF


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (§3.1), never inside a UTF-8 character."""
    parts = []
    current = ""
    size = 0
    limit = LINE_LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = LINE_LIMIT - 1  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(date: datetime.date, time: datetime.time) -> str:
    zone = zoneinfo.ZoneInfo(getattr(settings, "TIME_ZONE", None) or "Europe/Amsterdam")
    local = datetime.datetime.combine(date, time, tzinfo=zone)
    return local.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _sequence(session: GroupSession) -> int:
    """Grows with every change, so calendars replace an older copy of the meeting."""
    return max(0, int(session.updated_at.timestamp() - session.created_at.timestamp()))


def uid(session: GroupSession, host: str) -> str:
    return f"groepsbijeenkomst-{session.pk}@{host or 'droomplan'}"


def _description(session: GroupSession, url: str) -> str:
    lines = [session.theme]
    if session.description:
        lines.append(session.description)
    groups = ", ".join(c.name for c in session.cohorts.all())
    if groups:
        lines.append(_("Groups: %(groups)s") % {"groups": groups})
    if session.children_welcome:
        lines.append(_("Children are welcome."))
    if session.childcare_arranged and session.childcare_organisation:
        lines.append(
            _("Childcare is arranged by %(organisation)s.")
            % {"organisation": session.childcare_organisation.name}
        )
    if url:
        lines.append(url)
    return "\n".join(lines)


def event_lines(session: GroupSession, *, host: str, url: str, now: datetime.datetime) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid(session, host)}",
        f"DTSTAMP:{_stamp(now)}",
        f"LAST-MODIFIED:{_stamp(session.updated_at)}",
        f"SEQUENCE:{_sequence(session)}",
        f"DTSTART:{_utc(session.date, session.start_time)}",
        f"DTEND:{_utc(session.date, session.end_time)}",
        "SUMMARY:" + escape_text(_("Group meeting: %(theme)s") % {"theme": session.theme}),
        "LOCATION:" + escape_text(session.place),
        "DESCRIPTION:" + escape_text(_description(session, url)),
        *([f"URL:{url}"] if url else []),
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def calendar(
    sessions: Iterable[GroupSession],
    *,
    host: str,
    url_for=lambda session: "",
    name: str = "",
    now: datetime.datetime | None = None,
) -> str:
    """A complete VCALENDAR with one VEVENT per meeting, CRLF line ends, folded lines."""
    now = now or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append("X-WR-CALNAME:" + escape_text(name))
    for session in sessions:
        lines.extend(event_lines(session, host=host, url=url_for(session), now=now))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
