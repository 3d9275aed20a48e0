"""Right of access scales (issue 13, item 11): the PDF summarises the access log per day and
person (per month and person for a very long log), and the complete log, entry by entry, is a
CSV file: in the zip, attached inside the PDF, and as a download of its own."""

import csv
import datetime
import io
import zipfile

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from droomplan.access import inzage
from droomplan.audit import personal_data as audit_part
from droomplan.audit.models import AccessLogEntry, Action, Outcome
from droomplan.jobs.testing import follow_job

pytestmark = pytest.mark.django_db


def _entries(mother, *, days, people, per_day_person, start=None):
    start = start or timezone.now() - datetime.timedelta(days=days)
    rows = []
    for d in range(days):
        for p in range(people):
            for i in range(per_day_person):
                rows.append(
                    AccessLogEntry(
                        at=start + datetime.timedelta(days=d, minutes=i),
                        username=f"user{p}",
                        user_display=f"Medewerker {p}" if p else '=HYPERLINK("x")',
                        organisation="Trajekt",
                        role="coach",
                        participant=mother,
                        object_type="goal" if i % 2 else "case",
                        action=Action.VIEW if i % 3 else Action.UPDATE,
                        outcome=Outcome.DENIED if (d, p, i) == (0, 1, 0) else Outcome.ALLOWED,
                    )
                )
    AccessLogEntry.objects.bulk_create(rows)
    return len(rows)


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams unpacked (object streams hide the attachments)."""
    import re
    import zlib

    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


def _html(mother) -> str:
    with translation.override("nl"):
        return render_to_string(
            "access/rights/inzage_pdf.html", inzage.inzage_context(mother, inzage.collect(mother))
        )


def test_the_pdf_summarises_the_log_per_day_and_person(mother):
    _entries(mother, days=3, people=2, per_day_person=5)
    html = _html(mother)
    log = html[html.index("Wie heeft dit dossier bekeken") :]
    assert log.count('class="dp-pdf-log-row"') == 6  # 3 days × 2 people, not 30 entries
    assert "Medewerker 1" in log and ">5<" in log  # five times that day
    assert "geweigerd" in log  # a refused attempt is named
    assert "per dag en per persoon" in log
    assert "inzagelog" in log  # where the complete list is


def test_a_very_long_log_is_summarised_per_month(mother, settings):
    _entries(mother, days=200, people=3, per_day_person=1)
    summary = audit_part.pdf_summary(audit_part.export(mother))
    assert summary["per"] == "month"
    assert len(summary["rows"]) <= 3 * 8
    assert "per maand" in _html(mother)


def test_the_complete_log_is_a_csv_in_the_zip_and_in_the_pdf(client, coach, mother):
    count = _entries(mother, days=2, people=2, per_day_person=3)
    client.force_login(coach)
    response = follow_job(
        client, client.post(reverse("rights:inzage", args=[mother.pk]), {"format": "zip"})
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    name = next(n for n in archive.namelist() if n.endswith(".csv"))
    assert "inzagelog" in name
    rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
    assert len(rows) == 1 + AccessLogEntry.objects.filter(participant=mother).count() - 1
    assert len(rows) >= 1 + count
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)  # neutralised
    pdf = archive.read(next(n for n in archive.namelist() if n.endswith(".pdf")))
    assert name.encode() in _pdf_objects(pdf)  # the CSV rides along inside the PDF
    assert b"/EmbeddedFile" in _pdf_objects(pdf)


def test_the_log_alone_as_csv(client, coach, mother):
    _entries(mother, days=1, people=1, per_day_person=4)
    client.force_login(coach)
    response = follow_job(
        client, client.post(reverse("rights:inzage", args=[mother.pk]), {"format": "csv"})
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "inzagelog" in response["Content-Disposition"]
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:3] == ["Wanneer", "Wie", "Organisatie"]
    entry = AccessLogEntry.objects.filter(participant=mother, action=Action.EXPORT).latest("at")
    assert entry.detail.startswith("csv")


def test_the_pdf_does_not_grow_with_the_log(mother):
    """What the PDF draws is bounded, however long the log: at most the summary's rows."""
    _entries(mother, days=60, people=12, per_day_person=3)
    html = _html(mother)
    assert html.count('class="dp-pdf-log-row"') <= audit_part.SUMMARY_MAX_ROWS
    assert len(html) < 400_000
