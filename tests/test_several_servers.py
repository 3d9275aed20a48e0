"""More than one server (docs/deployment.md, "More than one server"): two app processes
(gunicorn, the production settings) on two ports against one database and one shared cache
(the production cache table; Redis when REDIS_URL is set). Nothing a request leaves behind
lives in one process only:

- a login through one is a login on the other (sessions in the database);
- a write through one is seen through the other (a job queued by A, followed on B's status
  page, and its progress written by a worker shown by B);
- a rate limit counted on one holds on the other: the failed-login lockout (django-axes,
  in the database) and the API's rate limit (DRF throttles, in the shared cache).

With SQLite the test database (in memory) is copied to a file the two servers share; with
PostgreSQL (DATABASE_URL) they use the test database itself."""

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import TEST_PASSWORD, UserFactory
from droomplan.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The production settings, changed only where a test over plain HTTP on 127.0.0.1 needs it
# (no TLS, static files without collectstatic, the test suite's password hasher).
SETTINGS = """
from droomplan.settings.production import *  # noqa
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = [*PASSWORD_HASHERS, "django.contrib.auth.hashers.MD5PasswordHasher"]
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    return f"sqlite:///{path}"


class Browser:
    """One person's browser: cookies, CSRF, no redirects followed."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, url: str, data: dict | None = None) -> tuple[int, str, dict]:
        body = None
        headers = {}
        if data is not None:
            token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
            headers["Referer"] = url
        try:
            response = self.opener.open(urllib.request.Request(url, body, headers), timeout=20)
        except urllib.error.HTTPError as error:
            response = error
        return response.status, response.read().decode(), dict(response.headers)

    def login(self, server: str, username: str, password: str) -> int:
        self.request(f"{server}/account/inloggen/")
        status, _, _ = self.request(
            f"{server}/account/inloggen/", {"username": username, "password": password}
        )
        return status


@pytest.fixture
def start_servers(tmp_path):
    """start_servers() -> the addresses of two gunicorn processes, one database, one cache
    (call it after making the test's data: with SQLite the servers get a copy)."""
    processes = []
    try:
        yield lambda: _start(tmp_path, processes)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _start(tmp_path, processes) -> list[str]:
    # The cache table of the production settings, in the database both servers use.
    from django.core.management.commands.createcachetable import Command

    command = Command()
    command.verbosity = 0
    command.create_table("default", "droomplan_cache", dry_run=False)
    (tmp_path / "two_servers_settings.py").write_text(SETTINGS)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
        "DJANGO_SETTINGS_MODULE": "two_servers_settings",
        "DATABASE_URL": _database_url(tmp_path),
        "DROOMPLAN_DATA_DIR": str(tmp_path / "data"),
        "SECRET_KEY": "two-servers-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DROOMPLAN_REQUIRE_2FA": "0",
        "AXES_FAILURE_LIMIT": "3",
        "API_RATE_ANONYMOUS": "2/minute",
        "DB_CONN_MAX_AGE": "0",
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    ports = [_free_port(), _free_port()]
    processes += [
        subprocess.Popen(  # noqa: S603 (our own command)
            [gunicorn, "droomplan.wsgi:application", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", "1", "--graceful-timeout", "2", "--log-level", "warning"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=open(tmp_path / f"server-{port}.log", "w"),  # noqa: SIM115
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    deadline = time.monotonic() + 60
    for url, process in zip(urls, processes, strict=True):
        while True:
            assert process.poll() is None, (tmp_path / f"server-{url[-5:]}.log").read_text()
            try:
                urllib.request.urlopen(f"{url}/health/", timeout=30)  # noqa: S310
                break
            except OSError:  # not listening yet, or still starting up
                assert time.monotonic() < deadline, "the servers did not start"
                time.sleep(0.2)
    return urls


def test_two_servers_share_sessions_writes_jobs_and_rate_limits(start_servers, tmp_path):
    ProgrammeFactory()
    UserFactory(role=Role.PROGRAMME_LEAD, username="lead")
    UserFactory(role=Role.COACH, username="coach")
    a, b = start_servers()

    # A login through A is a login on B (the session is in the database).
    lead = Browser()
    assert lead.login(a, "lead", TEST_PASSWORD) == 302
    assert lead.request(f"{b}/")[0] == 200

    # A write through A (the internal download queues a job) is seen through B: the job's
    # page, and the progress a worker (anywhere) writes to the database.
    status, _, headers = lead.request(f"{a}/resultaten/download/csv/?as_of=2026-06-30")
    assert status == 302, status
    job_url = headers["Location"]
    assert re.fullmatch(r"/taken/[0-9a-f-]{36}/", job_url), job_url
    status, page, _ = lead.request(f"{b}{job_url}status/")
    assert status == 200 and 'value="3"' not in page, page
    from droomplan.jobs.models import Job

    job_id = job_url.split("/")[2]
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "shared.sqlite3") as db:
            db.execute(
                "UPDATE jobs_job SET status='running', progress_done=3, progress_total=4 "
                "WHERE id = ?",
                [job_id.replace("-", "")],
            )
    else:
        Job.objects.filter(pk=job_id).update(status="running", progress_done=3, progress_total=4)
    status, page, _ = lead.request(f"{b}{job_url}status/")
    assert status == 200 and '<progress max="4" value="3">75%</progress>' in page, page

    # A rate limit counted on A holds on B: two failed logins through A and the third
    # through B lock the account (django-axes counts in the database, limit 3 here), then on
    # both servers, even with the right password.
    intruder = Browser()
    for _ in range(2):
        assert intruder.login(a, "coach", "wrong password") == 200
    assert intruder.login(b, "coach", "wrong password") == 429
    assert intruder.login(b, "coach", TEST_PASSWORD) == 429
    assert intruder.login(a, "coach", TEST_PASSWORD) == 429
    # ...and the API's rate limit (DRF, in the shared cache): two anonymous requests through
    # A, the third through B is refused.
    for _ in range(2):
        assert Browser().request(f"{a}/api/v1/schema/")[0] == 200
    assert Browser().request(f"{b}/api/v1/schema/")[0] == 429
