"""Full-page screenshots of Droomplan for every demo role, on a phone and a desktop width.

Usage (from the project root):  .venv/bin/python scripts/screenshots.py [--only ROLE]

It builds a throw-away SQLite database with the demo data in a temporary folder, starts
`droomplan runserver` on 127.0.0.1:8765, logs in through the real login form as one demo login
per role and saves ./screenshots/<role>-<slug>-<width>.png. Pages that do not answer 200 and
pages wider than the viewport (horizontal scrolling) are listed at the end.

New feature? Add its pages to PAGES below.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

# role -> paths to photograph after logging in as that role's first demo login.
# "anonymous" is photographed without logging in.
COMMON = ["/", "/account/", "/meldingen/", "/account/meldingen/"]
MANAGEMENT = ["/beheer/organisaties/", "/beheer/gebruikers/", "/beheer/programmas/"]
# DM-0001 (Lisa Jacobs) is coached by the demo coach who is photographed.
# The case file is an overview with a page per part (issue 19).
CASES = [
    "/deelnemers/",
    "/deelnemers/1/",
    "/deelnemers/1/deel/plan/",
    "/deelnemers/1/deel/gegevens/",
    "/deelnemers/1/deel/contacten/",
    "/deelnemers/1/plan/afdrukken/",
]
CASE_EXTRA = [
    "/deelnemers/1/metingen/",
    "/deelnemers/1/metingen/nieuw/pss-10/",
    "/deelnemers/1/schulden/nieuw/",
    "/deelnemers/1/toestemmingen/",
    "/deelnemers/1/toestemmingen/nieuw/",
    "/deelnemers/1/inzagelog/",
    "/deelnemers/1/inzage/",
    "/deelnemers/1/escalaties/nieuw/",
    "/deelnemers/1/mijn-droomplan/",
]
# The rights pages of her portal (docs/portal.md).
PORTAL_RIGHTS = [
    "/mijn/zo-gaat-het/",
    "/mijn/contactmomenten/",
    "/mijn/wie-mag-wat-zien/",
    "/mijn/wie-keek/",
    "/mijn/mijn-gegevens/",
]
PAGES: dict[str, list[str]] = {
    "anonymous": [
        "/account/inloggen/",
        "/account/wachtwoord-vergeten/",
        "/account/wachtwoord-vergeten/verstuurd/",
        "/deze-pagina-bestaat-niet/",
        "/melden/",
        "/melden/GM0935/",
        "/mijn/activeren/verlopen-link/",
    ],
    "admin": COMMON
    + MANAGEMENT
    + ["/beheer/instrumenten/", "/signalen/routering/", "/beheer/taken/"]
    + ["/beheer/beveiligingslog/", "/beheer/rolwijzigingen/", "/account/tweestaps/instellen/"],
    "programme_lead": COMMON
    + CASES
    + ["/deelnemers/nieuw/", "/deelnemers/1/coach/", "/resultaten/", "/uitwisseling/"]
    + ["/bijeenkomsten/", "/escalaties/", "/signalen/", "/beheer/beveiligingslog/"],
    "coach": COMMON + CASES + CASE_EXTRA + ["/bijeenkomsten/", "/signalen/telefonisch/"],
    # DM-0001 shares her finances with the credit bank.
    "partner": COMMON + ["/deelnemers/", "/deelnemers/1/"],
    "municipal_contact": COMMON + ["/signalen/"],
    "board": COMMON + ["/escalaties/", "/escalaties/cijfers/", "/resultaten/"],
    "analyst": COMMON + ["/resultaten/", "/privacy/onderzoek/"],
    # The demo mother (Lisa Jacobs, DM-0001) in her own portal, My Droomplan.
    "participant": ["/", "/mijn/plan/", "/mijn/afspraken/", "/mijn/vragenlijsten/", "/account/"]
    + PORTAL_RIGHTS,
}
# Paths that are meant to answer something else than 200.
EXPECTED_STATUS = {"/deze-pagina-bestaat-niet/": 404, "/mijn/activeren/verlopen-link/": 404}
WIDTHS = {"phone": 390, "desktop": 1280}
HEIGHT = 900

HOST, PORT = "127.0.0.1", int(os.environ.get("SCREENSHOTS_PORT", "8765"))
BASE_URL = f"http://{HOST}:{PORT}"
LOGIN_PATH = "/account/inloggen/"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def slug(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


def droomplan_command() -> list[str]:
    script = Path(sys.executable).with_name("droomplan")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "droomplan.manage"]


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 (fixed argv, our own CLI)
        droomplan_command() + args, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(f"`droomplan {' '.join(args)}` failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def wait_for_server(server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"runserver stopped early (exit code {server.returncode}); is {PORT} free?")
        try:
            with urllib.request.urlopen(f"{BASE_URL}/health/", timeout=2):  # noqa: S310
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    sys.exit(f"runserver did not answer on {BASE_URL} within {timeout:.0f}s")


def logins_by_role(env: dict[str, str]) -> dict[str, dict]:
    """The first demo login of every role."""
    logins: dict[str, dict] = {}
    for line in run(["demo_logins", "--json"], env).splitlines():
        if line.strip():
            row = json.loads(line)
            logins.setdefault(row["role"], row)
    return logins


def photograph(context, role: str, paths: list[str], out: Path, problems: list[str]) -> None:
    page = context.new_page()
    for path in paths:
        for width in WIDTHS.values():
            page.set_viewport_size({"width": width, "height": HEIGHT})
            response = page.goto(f"{BASE_URL}{path}", wait_until="networkidle")
            status = response.status if response else None
            if status != EXPECTED_STATUS.get(path, 200) and width == min(WIDTHS.values()):
                problems.append(f"{role} {path}: HTTP {status} (ended on {page.url})")
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                problems.append(f"{role} {path} @ {width}px: scrolls horizontally")
            target = out / f"{role}-{slug(path)}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            print(f"  {target}")
    page.close()


def log_in(context, login: dict) -> None:
    page = context.new_page()
    page.goto(f"{BASE_URL}{LOGIN_PATH}")
    page.fill("input[name=username]", login["username"])
    page.fill("input[name=password]", login["password"])
    with page.expect_navigation():
        page.click("form.dp-form button[type=submit]")
    if LOGIN_PATH in page.url:
        sys.exit(f"could not log in as {login['username']}")
    page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(PAGES), help="photograph only this role")
    parser.add_argument("--out", default="screenshots", help="output folder (./screenshots)")
    options = parser.parse_args()

    chromium = shutil.which("chromium")
    if not chromium:
        sys.exit("chromium not installed: run as root on Debian `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    roles = [options.only] if options.only else list(PAGES)

    data_dir = tempfile.mkdtemp(prefix="droomplan-screenshots-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DROOMPLAN_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="droomplan.settings.local",
        DEBUG="false",
        DROOMPLAN_REQUIRE_2FA="false",
    )
    server = None
    problems: list[str] = []
    try:
        run(["migrate", "--no-input"], env)
        run(["demo_data"], env)
        logins = logins_by_role(env)
        server = subprocess.Popen(  # noqa: S603 (fixed argv, our own CLI)
            [*droomplan_command(), "runserver", f"{HOST}:{PORT}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_server(server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for role in roles:
                context = browser.new_context(viewport={"width": 1280, "height": HEIGHT})
                if role != "anonymous":
                    if role not in logins:
                        problems.append(f"{role}: no demo login with this role")
                        context.close()
                        continue
                    log_in(context, logins[role])
                print(f"{role}:")
                photograph(context, role, PAGES[role], out, problems)
                context.close()
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(data_dir, ignore_errors=True)
    if problems:
        print("\nCheck these:")
        for problem in problems:
            print(f"  - {problem}")
    print(f"\nScreenshots in {out.resolve()}")


if __name__ == "__main__":
    main()
