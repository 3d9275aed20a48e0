"""Browser-test harness: headless Debian chromium driven by Playwright against `live_server`.

Fixtures for every browser test (mark the test with ``@pytest.mark.browser``):

* ``page``: a fresh browser context and page per test (1280x900).
* ``login(page, live_server, user, password=TEST_PASSWORD)``: logs in through the real login
  form and waits until the browser has left the login page.
* ``assert_accessible(page)``: runs axe-core and fails listing every serious/critical violation.
* ``shipped_instruments``: the six shipped questionnaires (PSS-10...) and their versions again.
"""

import os
import shutil
from importlib import import_module, resources

import pytest
from django.apps import apps

from droomplan.accounts.tests.factories import TEST_PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM (factories, fixtures) is
# still used synchronously from the test, which Django would otherwise refuse.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = shutil.which("chromium")
CHROMIUM_MISSING = (
    "chromium not installed: run `make test` as root on Debian, or apt-get install chromium"
)
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
VIEWPORT = {"width": 1280, "height": 900}
BLOCKING_IMPACTS = {"serious", "critical"}
LOGIN_PATH = "/account/inloggen/"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason=CHROMIUM_MISSING)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        pytest.skip(CHROMIUM_MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A new context per test so cookies and sessions never leak between tests."""
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def login_through_form(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}{LOGIN_PATH}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form.dp-form button[type=submit]")


@pytest.fixture
def login():
    """``login(page, live_server, user)``: log in through the real login page."""

    def _login(page, live_server, user, password: str = TEST_PASSWORD):
        login_through_form(page, live_server.url, user.username, password)
        assert LOGIN_PATH not in page.url, f"login as {user.username!r} failed: still on {page.url}"
        return page

    return _login


@pytest.fixture
def shipped_instruments(transactional_db):
    """The shipped instruments and their versions come from data migrations (instruments 0002
    and 0004) that the flush after an earlier browser test removed: made again here, on today's
    models (0002's rows still carry fields that 0003 moved to the versions). Idempotent."""
    from droomplan.instruments.definitions import shipped_rows
    from droomplan.instruments.models import Instrument, Item

    fields = {f.name for f in Instrument._meta.fields}
    for row in shipped_rows():
        row = dict(row)
        items = row.pop("items")
        defaults = {k: v for k, v in row.items() if k in fields}
        instrument, created = Instrument.objects.get_or_create(code=row["code"], defaults=defaults)
        if created:
            Item.objects.bulk_create(Item(instrument=instrument, **item) for item in items)
    import_module("droomplan.instruments.migrations.0004_versions_data").forwards(apps, None)


AXE_SCRIPT = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")


def axe_violations(page, impacts=frozenset(BLOCKING_IMPACTS)) -> list[dict]:
    """Run axe-core on the page; the violations with one of the given impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v.get("impact") in impacts]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v.get('helpUrl', '')})")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible():
    """``assert_accessible(page)``: fail on every serious or critical axe-core violation."""

    def _assert(page):
        violations = axe_violations(page)
        if violations:
            pytest.fail(
                f"axe-core found {len(violations)} serious/critical violation(s) on {page.url}:\n"
                + format_violations(violations),
                pytrace=False,
            )

    return _assert
