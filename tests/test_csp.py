"""Content-Security-Policy (issue 13, item 13).

The policy (settings.base.CONTENT_SECURITY_POLICY) allows scripts and styles only from our own
static files. These tests check that every page sends it, and that no page or template has
what the policy would silently refuse: an inline <script>, an inline event handler (onclick=)
or an inline style (style=, <style>). Behaviour lives in static files that look for data-dp-*
attributes (core/static/droomplan/ui.js and the apps' own scripts)."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from droomplan.accounts.models import Role, User
from droomplan.cases.models import Participant

SRC = Path(__file__).resolve().parent.parent / "src" / "droomplan"

# Rendered by WeasyPrint into a PDF; never served to a browser, so the policy does not apply.
PDF_TEMPLATES = {"inzage_pdf.html", "report_pdf.html"}

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"<style\b|<[a-z][^>]*\sstyle\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)

# The main pages of every role in the demo (DM-0001 is coached by the demo coach and shares
# her finances with the credit bank). Every path must answer 200.
ANONYMOUS = ["/account/inloggen/", "/melden/", "/melden/GM0935/"]
COMMON = ["/", "/account/"]
CASE = ["/deelnemers/", "/deelnemers/1/", "/deelnemers/1/plan/afdrukken/"]
PAGES = {
    Role.ADMIN: COMMON
    + ["/beheer/organisaties/", "/beheer/gebruikers/", "/beheer/programmas/"]
    + ["/beheer/instrumenten/", "/signalen/routering/", "/account/tweestaps/instellen/"],
    Role.PROGRAMME_LEAD: COMMON
    + CASE
    + ["/deelnemers/nieuw/", "/resultaten/", "/uitwisseling/", "/bijeenkomsten/"]
    + ["/bijeenkomsten/nieuw/", "/escalaties/", "/signalen/"]
    + ["/businesscase/", "/businesscase/aannames/", "/businesscase/aannames/hourly_rate/"]
    + ["/businesscase/partners/", "/businesscase/wie-telt-mee/work/"],
    Role.COACH: COMMON
    + CASE
    + ["/deelnemers/1/metingen/", "/deelnemers/1/metingen/nieuw/pss-10/"]
    + ["/deelnemers/1/schulden/nieuw/", "/deelnemers/1/toestemmingen/nieuw/"]
    + ["/deelnemers/1/contacten/nieuw/", "/deelnemers/1/inzagelog/", "/deelnemers/1/inzage/"]
    + ["/deelnemers/1/escalaties/nieuw/", "/signalen/telefonisch/"]
    + ["/deelnemers/1/uitgaven/", "/deelnemers/1/uitgaven/nieuw/"],
    Role.PARTNER: COMMON + ["/deelnemers/", "/deelnemers/1/"],
    Role.MUNICIPAL_CONTACT: COMMON + ["/signalen/"],
    Role.BOARD: COMMON + ["/escalaties/", "/escalaties/cijfers/", "/resultaten/", "/businesscase/"],
    Role.ANALYST: COMMON + ["/resultaten/", "/privacy/onderzoek/", "/businesscase/"],
    Role.PARTICIPANT: [
        "/mijn/",
        "/mijn/plan/",
        "/mijn/afspraken/",
        "/mijn/vragenlijsten/",
        "/account/",
    ],
}


def problems_in(html: str) -> list[str]:
    found = []
    for name, pattern in [
        ("inline <script>", INLINE_SCRIPT),
        ("inline event handler", EVENT_HANDLER),
        ("inline style", STYLE),
        ("javascript: URL", JS_URL),
    ]:
        found += [f"{name}: {m.group(0)[:80]}" for m in pattern.finditer(html)]
    return found


def test_the_checks_find_what_the_policy_refuses():
    assert problems_in('<button onclick="go()">') and problems_in("<script>go()</script>")
    assert problems_in('<p style="color: red">') and problems_in("<style>p {}</style>")
    assert problems_in('<a href="javascript:go()">')
    assert not problems_in('<script src="/static/x.js" defer></script>')
    assert not problems_in('<script id="d" type="application/json">{"a": 1}</script>')
    assert not problems_in("<p>Click onclick= to style=</p>")


def test_no_template_has_inline_script_handlers_or_styles():
    offenders = {}
    for path in SRC.glob("*/templates/**/*.html"):
        if path.name not in PDF_TEMPLATES and (found := problems_in(path.read_text())):
            offenders[str(path.relative_to(SRC))] = found
    assert offenders == {}


@pytest.fixture
def demo_logins(db) -> dict[str, str]:
    """Loads the demo; the first demo login of every role (as the screenshots use)."""
    call_command("demo_data", stdout=StringIO())
    out = StringIO()
    call_command("demo_logins", "--json", stdout=out)
    logins: dict[str, str] = {}
    for line in out.getvalue().splitlines():
        row = json.loads(line)
        logins.setdefault(row["role"], row["username"])
    return logins


def assert_page_is_clean(response, where: str) -> None:
    assert response.status_code == 200, f"{where}: HTTP {response.status_code}"
    policy = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy, f"{where}: no Content-Security-Policy"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert problems_in(response.content.decode()) == [], where


def test_every_main_page_of_every_role_sends_the_policy_and_no_inline_code(client, demo_logins):
    for path in ANONYMOUS:
        assert_page_is_clean(client.get(path), f"anonymous {path}")
    # The paths name DM-0001 as /deelnemers/1/; her id differs when sequences are not reset.
    case = f"/deelnemers/{Participant.objects.get(ref='DM-0001').pk}/"
    for role, paths in PAGES.items():
        client.force_login(User.objects.get(username=demo_logins[role]))
        for path in paths:
            path = path.replace("/deelnemers/1/", case)
            assert_page_is_clean(client.get(path), f"{role} ({demo_logins[role]}) {path}")
        client.logout()
