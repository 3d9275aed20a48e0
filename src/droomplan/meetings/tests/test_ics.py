"""The .ics export: RFC 5545 structure, escaping, folding, UTC times, no mothers' names."""

import datetime

import pytest
from django.urls import reverse

from droomplan.meetings import ics
from droomplan.meetings.tests.factories import AttendanceFactory, GroupSessionFactory


def unfold(text: str) -> list[str]:
    assert "\n" not in text.replace("\r\n", "")  # only CRLF line ends
    lines = []
    for raw in text.split("\r\n"):
        if raw.startswith((" ", "\t")):
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def parse(text: str) -> list[dict]:
    """The VEVENTs as {NAME: unescaped value}."""
    events, current = [], None
    for line in unfold(text):
        name, _, value = line.partition(":")
        name = name.split(";")[0]
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name] = unescape(value)
    return events


def test_escape_text():
    assert ics.escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    assert unescape(ics.escape_text("a,b;c\\d\ne")) == "a,b;c\\d\ne"


def test_fold_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "é" * 100 + "x" * 50
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line
    for part in parts:
        part.encode("utf-8").decode("utf-8")  # no character cut in two


@pytest.mark.django_db
def test_calendar_round_trip():
    session = GroupSessionFactory(
        date=datetime.date(2025, 7, 1),  # summer time: 10:00 in Maastricht is 08:00 UTC
        theme="Budget, sparen; en \\ meer",
        place="Buurthuis, zaal 2",
        description="Regel 1\nRegel 2 met een heel lange tekst " + "x" * 120,
        children_welcome=True,
    )
    winter = GroupSessionFactory(date=datetime.date(2025, 1, 14), theme="Winter")
    now = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)
    text = ics.calendar([session, winter], host="droomplan.example", now=now, name="Mijn agenda")
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    assert all(len(raw.encode()) <= 75 for raw in text.split("\r\n"))
    events = parse(text)
    assert len(events) == 2
    event = events[0]
    assert event["UID"] == f"groepsbijeenkomst-{session.pk}@droomplan.example"
    assert event["DTSTAMP"] == "20250601T120000Z"
    assert event["DTSTART"] == "20250701T080000Z"
    assert event["DTEND"] == "20250701T100000Z"
    assert events[1]["DTSTART"] == "20250114T090000Z"
    assert "Budget, sparen; en \\ meer" in event["SUMMARY"]
    assert event["LOCATION"] == "Buurthuis, zaal 2"
    assert "Regel 1\nRegel 2" in event["DESCRIPTION"]
    assert int(event["SEQUENCE"]) >= 0


@pytest.mark.django_db
def test_ics_pages_hold_no_names(client, coach, cohort, mothers, today):
    session = GroupSessionFactory(
        programme=cohort.programme,
        cohorts=[cohort],
        facilitators=[coach],
        date=today + datetime.timedelta(days=3),
    )
    for m in mothers.values():
        AttendanceFactory(session=session, participant=m)
    client.force_login(coach)
    for url in (reverse("meetings:ics", args=[session.pk]), reverse("meetings:feed")):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert "attachment" in response["Content-Disposition"]
        body = response.content.decode()
        assert len(parse(body)) == 1
        for m in mothers.values():
            assert m.given_name not in body and m.family_name not in body


@pytest.mark.django_db
def test_feed_has_only_my_upcoming_meetings(client, coach, other_coach, cohort, lead, today):
    mine = GroupSessionFactory(
        programme=cohort.programme, facilitators=[coach], date=today + datetime.timedelta(days=1)
    )
    GroupSessionFactory(
        programme=cohort.programme, facilitators=[coach], date=today - datetime.timedelta(days=1)
    )
    not_mine = GroupSessionFactory(
        programme=cohort.programme,
        facilitators=[other_coach],
        date=today + datetime.timedelta(days=2),
    )
    client.force_login(coach)
    uids = [e["UID"] for e in parse(client.get(reverse("meetings:feed")).content.decode())]
    assert uids == [f"groepsbijeenkomst-{mine.pk}@testserver"]
    client.force_login(lead)
    uids = [e["UID"] for e in parse(client.get(reverse("meetings:feed")).content.decode())]
    assert len(uids) == 2 and f"groepsbijeenkomst-{not_mine.pk}@testserver" in uids
