"""Benchmark: the inzage file (right of access) of a mother with a long access log.

Not a test. Builds one participant with a realistic file (children, contacts, a plan) and
N access-log entries (default 10,000) spread over two years by a dozen staff members, in the
configured database (DATABASE_URL; SQLite in the data folder by default), then times the
downloads the inzage page offers: the PDF, the zip (PDF + JSON + the full log as CSV) and the
CSV alone. Target (issue 13): the PDF of a file with 10,000 entries in under 10 seconds.

    .venv/bin/python benchmarks/bench_inzage.py [--entries 10000] [--runs 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_inzage \\
        .venv/bin/python benchmarks/bench_inzage.py

Every run makes a fresh participant (case number BENCH-<time>), so runs do not disturb each
other; the database is migrated first."""

import argparse
import datetime
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "droomplan.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from droomplan.access import inzage  # noqa: E402
from droomplan.audit.models import AccessLogEntry, Action, Outcome  # noqa: E402
from droomplan.cases.models import Child, Contact, ContactKind, Participant, Status  # noqa: E402
from droomplan.plans.models import Action as PlanAction  # noqa: E402
from droomplan.plans.models import Dream, Goal  # noqa: E402
from droomplan.programmes.models import Municipality, Programme  # noqa: E402

STAFF = [
    ("coach.anna", "Anna de Coach", "Trajekt", "coach"),
    ("coach.bram", "Bram Coenen", "Trajekt", "coach"),
    ("lead.petra", "Petra Leider", "Coöperatie Droommoeders", "programme_lead"),
    ("kb.kees", "Kees Bank", "Kredietbank Limburg", "partner"),
    ("kb.lies", "Lies Geld", "Kredietbank Limburg", "partner"),
    ("mik.sara", "Sara Opvang", "MIK Kindercentra", "partner"),
    ("bjz.tom", "Tom Jeugd", "Bureau Jeugdzorg Limburg", "partner"),
    ("coach.carla", "Carla Coach", "Bureau Jeugdzorg Limburg", "coach"),
    ("lead.joop", "Joop Leider", "Coöperatie Droommoeders", "programme_lead"),
    ("coach.dewi", "Dewi Dijk", "Trajekt", "coach,partner"),
    ("mik.ella", "Ella Kind", "MIK Kindercentra", "partner"),
    ("kb.ruud", "Ruud Schuld", "Kredietbank Limburg", "partner"),
]
OBJECTS = ["case", "goal", "action", "debt", "contact", "consent", "measurement", "plan"]
ACTIONS = [Action.VIEW] * 6 + [Action.LIST, Action.UPDATE, Action.CREATE, Action.EXPORT]


def build(entries: int) -> Participant:
    rng = random.Random(13)  # noqa: S311 (benchmark data)
    programme, _ = Programme.objects.get_or_create(
        code="bench-inzage", defaults={"name": "Benchmark inzage"}
    )
    municipality = Municipality.objects.get(cbs_code="GM0935")
    start = timezone.localdate() - datetime.timedelta(days=730)
    mother = Participant.objects.create(
        programme=programme,
        ref=f"BENCH-{int(time.time() * 1000) % 10**9}",
        given_name="Moeder",
        family_name="Benchmark",
        birth_date=datetime.date(2001, 5, 17),
        municipality=municipality,
        intake_date=start - datetime.timedelta(days=21),
        start_date=start,
        status=Status.ACTIVE,
        address="Boschstraat 1, Maastricht",
    )
    for name in ("Noah", "Mila"):
        Child.objects.create(participant=mother, given_name=name, birth_date=start.replace(day=1))
    from droomplan.accounts.models import User

    author, _ = User.objects.get_or_create(username="bench.coach")
    for i in range(40):
        Contact.objects.create(
            participant=mother,
            author=author,
            date=start + datetime.timedelta(days=18 * i),
            kind=ContactKind.HOME_VISIT,
            duration_minutes=60,
            note=f"Huisbezoek {i}: budget doorgenomen en afspraken gemaakt.",
        )
    dream = Dream.objects.create(participant=mother, text="Een eigen huis en een diploma.")
    for i in range(8):
        goal = Goal.objects.create(
            participant=mother, dream=dream, domain="finances", title=f"Doel {i}"
        )
        for j in range(3):
            PlanAction.objects.create(goal=goal, description=f"Actie {i}.{j}", owner="mother")
    now = timezone.now()
    rows = []
    for _i in range(entries):
        username, display, organisation, role = rng.choice(STAFF)
        at = now - datetime.timedelta(seconds=rng.randint(0, 730 * 86400))
        rows.append(
            AccessLogEntry(
                at=at,
                username=username,
                user_display=display,
                organisation=organisation,
                role=role,
                participant=mother,
                object_type=rng.choice(OBJECTS),
                object_id=str(rng.randint(1, 500)),
                action=rng.choice(ACTIONS),
                outcome=Outcome.DENIED if rng.random() < 0.01 else Outcome.ALLOWED,
                path=f"/deelnemers/{mother.pk}/",
            )
        )
    AccessLogEntry.objects.bulk_create(rows, batch_size=2000)
    return mother


def timed(fn) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds of this process, and the size of the file."""
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - started, time.process_time() - cpu, len(result.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    mother = build(args.entries)
    logged = AccessLogEntry.objects.filter(participant=mother).count()
    from django.db import connection

    print(f"Data: 1 file with {logged:,} access-log entries ({connection.vendor}).")
    results: dict[str, list[float]] = {"pdf": [], "zip": [], "csv": []}
    cpu: dict[str, list[float]] = {fmt: [] for fmt in results}
    sizes: dict[str, int] = {}
    with translation.override("nl"):
        for _run in range(args.runs):
            for fmt in results:
                seconds, cpu_seconds, size = timed(
                    lambda fmt=fmt: inzage.inzage_export(actor=None, participant=mother, fmt=fmt)
                )
                results[fmt].append(seconds)
                cpu[fmt].append(cpu_seconds)
                sizes[fmt] = size
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"Median of {args.runs} runs (load average {load}; peak RSS {peak} MB):")
    for fmt, times in results.items():
        print(
            f"  {fmt:<4} {statistics.median(times):6.2f} s wall, "
            f"{statistics.median(cpu[fmt]):6.2f} s CPU   ({sizes[fmt] / 1024:,.0f} kB)"
        )
    pdf = statistics.median(results["pdf"])
    pdf_cpu = statistics.median(cpu["pdf"])
    print(
        f"Target (PDF < 10 s): {'met' if pdf < 10 else 'NOT met'} wall-clock; "
        f"{'met' if pdf_cpu < 10 else 'NOT met'} in CPU time of the process"
    )


if __name__ == "__main__":
    main()
