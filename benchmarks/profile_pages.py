"""Application CPU per request: the coach's and the lead's pages, in-process (Django's test
client), on the demo data. Not a test.

For each page: the median CPU time of the process per request (`time.process_time`, i.e.
Python, templates and the database driver; with SQLite the database work is in-process too)
over `--runs` requests after two warm-up requests, the minimum (the figure other work on a
shared machine disturbs least), the median wall time and the number of queries. With
`--profile PAGE` it also prints a pyinstrument profile of that page (`pip install pyinstrument`).

    export DROOMPLAN_DATA_DIR=/tmp/dp-profile
    droomplan migrate && droomplan demo_data
    .venv/bin/python benchmarks/profile_pages.py --runs 30
    .venv/bin/python benchmarks/profile_pages.py --runs 30 --profile case

On a copy of a benchmark database, name its users: `PROFILE_COACH=bench-coach-1
PROFILE_LEAD=bench-lead`."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "droomplan.settings.local")

COACH = os.environ.get("PROFILE_COACH", "coach.trajekt")
LEAD = os.environ.get("PROFILE_LEAD", "projectleider")


def pages():
    """(name, username, url) of the measured pages: the case page and its parts, and the
    caseload, for the coach (a family she coaches) and the lead; the lead's outcome report."""
    from django.urls import reverse

    from droomplan.accounts.models import User
    from droomplan.cases.models import Participant

    coach = User.objects.get(username=COACH)
    participant = Participant.objects.coached_by(coach).order_by("pk").first()
    case = reverse("cases:detail", args=[participant.pk])
    return [
        ("home-coach", COACH, reverse("core:home")),
        ("case", COACH, case),
        ("case-contacts", COACH, reverse("cases:part", args=[participant.pk, "contacten"])),
        ("case-measurements", COACH, reverse("cases:part", args=[participant.pk, "measurements"])),
        ("measurements-list", COACH, reverse("instruments:list", args=[participant.pk])),
        ("caseload-coach", COACH, reverse("cases:caseload")),
        ("case-lead", LEAD, case),
        ("caseload-lead", LEAD, reverse("cases:caseload")),
        ("outcome-report", LEAD, reverse("outcomes:report")),
    ]


def measure(client, url: str, runs: int) -> tuple[float, float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm-up: templates compiled, caches filled
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    cpu, wall = [], []
    for _ in range(runs):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started_wall)
    return (
        statistics.median(cpu) * 1000,
        min(cpu) * 1000,
        statistics.median(wall) * 1000,
        len(queries),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", help="print a pyinstrument profile of this page")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from droomplan.accounts.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    clients = {}
    for username in (COACH, LEAD):
        clients[username] = Client(headers={"x-forwarded-proto": "https"})
        clients[username].force_login(User.objects.get(username=username))
    print(f"{'page':20} {'CPU ms':>8} {'min CPU':>8} {'wall ms':>8} {'queries':>8}")
    for name, username, url in pages():
        cpu, fastest, wall, count = measure(clients[username], url, args.runs)
        print(f"{name:20} {cpu:8.1f} {fastest:8.1f} {wall:8.1f} {count:8d}")
        if name == args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(args.runs):
                clients[username].get(url)
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
