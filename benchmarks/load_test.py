"""Load test: simulated coaches and a programme lead clicking through their pages, against
gunicorn with the production settings. Not a test.

`--users` simulated people (default 16: three coaches for every lead) each log in and then,
until `--duration` seconds have passed, open a page from their role's mix and think 1-3 s
(uniform) before the next. Reports per page and overall the number of requests, p50, p95 and
errors (any status other than 200), and the load average before and after (the machine is
shared: read the figures with it).

It starts gunicorn itself (`--workers`, default 4) on a free port, with the production
settings changed only where plain HTTP on 127.0.0.1 needs it (no TLS redirect, no secure
cookies, static files without collectstatic, two-step login not required for the demo
logins). The data: the demo programme (`droomplan demo_data`) in DATABASE_URL (PostgreSQL
for a real figure).

    createdb -h 127.0.0.1 -U postgres droomplan_load
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/droomplan_load
    export DROOMPLAN_DATA_DIR=/tmp/dp-load
    droomplan migrate && droomplan demo_data
    .venv/bin/python benchmarks/load_test.py --users 16 --duration 120"""

import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent))

from benchmarks.stats import percentile  # noqa: E402

PASSWORD = "droommoeders-demo"  # every demo login (README)
COACHES = ["coach.trajekt", "coach.bjz"]
LEAD = "projectleider"
SETTINGS = """
from droomplan.settings.production import *  # noqa
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Person(threading.Thread):
    def __init__(self, server, username, pages, results, seed):
        super().__init__(daemon=True)
        self.server, self.username, self.pages = server, username, pages
        self.results = results
        self.until = 0.0
        self.logged_in = threading.Event()
        self.go = threading.Event()
        self.random = random.Random(seed)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data else None
        request = urllib.request.Request(self.server + path, body)  # noqa: S310 (http only)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""
        except OSError as error:
            return 0, str(error)

    def run(self):
        _, page = self.get("/account/inloggen/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is not None:
            self.get(
                "/account/inloggen/",
                {
                    "csrfmiddlewaretoken": token.group(1),
                    "username": self.username,
                    "password": PASSWORD,
                },
            )
        self.logged_in.set()  # (not measured: argon2 is slow on purpose)
        self.go.wait()
        time.sleep(self.random.uniform(0, 3))  # people do not all start at once
        while time.monotonic() < self.until:
            name, path = self.random.choice(self.pages)
            started = time.perf_counter()
            status, _ = self.get(path)
            self.results.append((name, time.perf_counter() - started, status))
            time.sleep(self.random.uniform(1, 3))


def page_mix() -> dict[str, list[tuple[str, str]]]:
    """The pages of each role, as they use them: the coach mostly her caseload and case
    pages, the lead her home, the caseload (also filtered) and the report."""
    import django

    django.setup()
    from django.urls import reverse

    from droomplan.accounts.models import User
    from droomplan.cases.models import Participant

    def case_pages(participant) -> list[tuple[str, str]]:
        return [
            ("case", reverse("cases:detail", args=[participant.pk])),
            ("case plan", reverse("cases:part", args=[participant.pk, "plan"])),
            ("case measurements", reverse("cases:part", args=[participant.pk, "measurements"])),
        ]

    mix = {}
    for username in COACHES:
        own = Participant.objects.coached_by(User.objects.get(username=username)).order_by("pk")
        mix[username] = [
            ("home", "/"),
            ("caseload", reverse("cases:caseload")),
            ("caseload", reverse("cases:caseload")),
        ] + [page for participant in own[:3] for page in case_pages(participant)]
    any_case = Participant.objects.order_by("pk").first()
    mix[LEAD] = [
        ("home", "/"),
        ("home", "/"),
        ("caseload", reverse("cases:caseload")),
        ("caseload overdue", reverse("cases:caseload") + "?overdue=1"),
        ("report", reverse("outcomes:report")),
        *case_pages(any_case)[:1],
    ]
    return mix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    settings_dir = Path(tempfile.mkdtemp(prefix="droomplan-load-"))
    (settings_dir / "load_settings.py").write_text(SETTINGS)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(settings_dir), str(HERE.parent / "src")]),
        "DJANGO_SETTINGS_MODULE": "load_settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DROOMPLAN_REQUIRE_2FA": "0",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    sys.path.insert(0, str(settings_dir))
    mix = page_mix()

    # The production cache table (nothing happens when it exists or with REDIS_URL).
    droomplan = str(Path(sys.executable).with_name("droomplan"))
    subprocess.run([droomplan, "createcachetable"], env=env, check=True)  # noqa: S603
    port = _free_port()
    server = f"http://127.0.0.1:{port}"
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(  # noqa: S603 (our own command)
        [gunicorn, "droomplan.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(args.workers), "--graceful-timeout", "5", "--log-level", "warning"],
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{server}/health/", timeout=30)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.5)
        results: list[tuple[str, float, int]] = []
        people = []
        for i in range(args.users):
            username = LEAD if i % 4 == 3 else COACHES[i % len(COACHES)]
            people.append(Person(server, username, mix[username], results, seed=i))
        for person in people:
            person.start()
        for person in people:
            person.logged_in.wait()
        load_before = os.getloadavg()
        until = time.monotonic() + args.duration
        for person in people:
            person.until = until
            person.go.set()
        for person in people:
            person.join()
        load_after = os.getloadavg()
    finally:
        process.terminate()
        process.wait(timeout=30)

    print(
        f"{args.users} users, think time 1-3 s, {args.duration:.0f} s, gunicorn "
        f"{args.workers} workers, {os.cpu_count()} CPUs; load average before "
        f"{load_before[0]:.1f}, after {load_after[0]:.1f}"
    )
    print(f"{'page':20} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    names = sorted({name for name, _, _ in results})
    for name in [*names, "all"]:
        rows = [r for r in results if name in ("all", r[0])]
        times = [t * 1000 for _, t, _ in rows] or [0.0]
        errors = sum(1 for *_, status in rows if status != 200)
        print(
            f"{name:20} {len(rows):8d} {statistics.median(times):8.0f} "
            f"{percentile(times, 95):8.0f} {errors:7d}"
        )


if __name__ == "__main__":
    main()
