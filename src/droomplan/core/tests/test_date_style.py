"""One date style (issue 19): every date on a page, in a PDF or an e-mail uses the named
formats of core/formats/<lang>/formats.py, never a pattern of its own."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

APPS = Path(__file__).resolve().parents[2]
NAMED = {
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
    "TIME_FORMAT",
}
# Machine values, not shown as text: <time datetime="…">, ?maand=2024-03, input values.
MACHINE = {"c", "Y-m", "Y-m-d", "H:i"}
TEMPLATE_DATE = re.compile(r"\|(?:date|time):\s*[\"']([^\"']*)[\"']")
PYTHON_DATE = re.compile(r"(?:date|time)_format\([^,()]+(?:\([^()]*\))?,\s*[\"']([^\"']*)[\"']")
PYTHON_STRFTIME = re.compile(r"strftime\([\"']([^\"']*)[\"']")


def _files(suffixes):
    for path in APPS.rglob("*"):
        if path.suffix in suffixes and "tests" not in path.parts and "migrations" not in path.parts:
            yield path


def test_templates_use_only_the_named_date_formats():
    stray = [
        f"{path.relative_to(APPS)}: {fmt!r}"
        for path in _files({".html", ".txt"})
        for fmt in TEMPLATE_DATE.findall(path.read_text())
        if fmt not in NAMED | MACHINE
    ]
    assert stray == [], "use a named format (core/formats) or |weekday_date"


def test_python_uses_only_the_named_date_formats():
    stray = []
    for path in _files({".py"}):
        text = path.read_text()
        for fmt in PYTHON_DATE.findall(text):
            if fmt not in NAMED and fmt != "l":
                stray.append(f"{path.relative_to(APPS)}: {fmt!r}")
        for fmt in PYTHON_STRFTIME.findall(text):
            if re.search(r"%-?d[-/ .]%[mbB]", fmt):  # a date for people, not a machine value
                stray.append(f"{path.relative_to(APPS)}: {fmt!r}")
    assert stray == []


@pytest.mark.parametrize(
    ("language", "long", "short", "weekday"),
    [
        ("nl", "8 maart 2024", "8 mrt 2024", "vrijdag 8 maart 2024"),
        ("en", "8 March 2024", "8 Mar 2024", "Friday 8 March 2024"),
    ],
)
def test_the_long_and_short_forms(language, long, short, weekday):
    day = datetime.date(2024, 3, 8)
    template = Template(
        '{% load ui %}{{ d|date:"DATE_FORMAT" }}|{{ d|date:"SHORT_DATE_FORMAT" }}|'
        "{{ d }}|{{ d|weekday_date }}"
    )
    with translation.override(language):
        assert template.render(Context({"d": day})) == f"{long}|{short}|{long}|{weekday}"
        assert date_format(day) == long
