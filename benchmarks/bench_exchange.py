"""Benchmark: import an exchange document of 10,000 participants with full histories.

Not a test. Generates a deterministic document (children, debts, housing, education, work,
consents and several measurements per participant) into a temporary file, then imports it into
the configured database (DATABASE_URL; SQLite by default) and prints the time and the peak
memory. Target: under 60 seconds on SQLite and on PostgreSQL on a 2-core machine.

    .venv/bin/python benchmarks/bench_exchange.py [--participants 10000] [--reimport]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_exchange \
        .venv/bin/python benchmarks/bench_exchange.py

Every run imports under a fresh programme code (bench-<time>), so runs do not disturb each
other; the database is migrated first. `--reimport` also times a second import of the same
file (every participant matched and updated)."""

import argparse
import datetime
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "droomplan.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from droomplan.instruments.definitions import SHIPPED  # noqa: E402

MUNICIPALITIES = ["GM0935", "GM1903", "GM1729", "GM0938", "GM0981", "GM0994"]
ORGS = [
    ("bench-kredietbank", "Kredietbank (benchmark)", "credit_bank"),
    ("bench-mik", "Kinderopvang (benchmark)", "childcare"),
    ("bench-trajekt", "Welzijn (benchmark)", "social_work"),
]
COACHES = ["bench-coach-1@example.org", "bench-coach-2@example.org"]
D0 = datetime.date(2022, 1, 3)
TODAY = datetime.date.today()


def _d(day: datetime.date) -> str:
    return day.isoformat()


def _answers(rng: random.Random, code: str) -> dict:
    return {i.code: rng.randint(i.min_value, i.max_value) for i in SHIPPED[code].items}


def participant(rng: random.Random, n: int, cohorts: list[tuple[str, datetime.date]]) -> dict:
    cohort, start = cohorts[n % len(cohorts)]
    intake = start - datetime.timedelta(days=rng.randint(7, 40))
    ended = n % 7 == 0
    end = start + datetime.timedelta(days=rng.randint(120, 600)) if ended else None
    measure_days = [start + datetime.timedelta(days=10 + 182 * k) for k in range(3)]
    measurements = [
        {"instrument": code, "taken_on": _d(day), "answers": _answers(rng, code)}
        for day in measure_days
        for code in ("pss-10", "participatieladder", "brug", "executive-skills")
    ]
    return {
        "ref": f"B-{n:06d}",
        "given_name": f"Moeder{n}",
        "family_name": "Benchmark",
        "birth_date": _d(intake - datetime.timedelta(days=rng.randint(19 * 365, 27 * 365))),
        "municipality": MUNICIPALITIES[n % len(MUNICIPALITIES)],
        "single_parent": True,
        "cohort": cohort,
        "intake_date": _d(intake),
        "start_date": _d(start),
        "end_date": _d(end) if end else None,
        "end_reason": "dropped_out" if end else None,
        "coach": COACHES[n % 2],
        "children": [
            {
                "given_name": f"Kind{k}",
                "birth_date": _d(intake - datetime.timedelta(days=200 + 700 * k)),
            }
            for k in range(1 + n % 3)
        ],
        "debts": [
            {
                "creditor": f"Schuldeiser {k}",
                "amount": f"{rng.randint(100, 9000)}.{rng.randint(0, 99):02d}",
                "registered_on": _d(start + datetime.timedelta(days=5 + k)),
                "settled_on": _d(start + datetime.timedelta(days=300 + k)) if k % 2 else None,
            }
            for k in range(3)
        ],
        "housing": [
            {"date": _d(start), "adequate": False, "situation": "inwonend"},
            {"date": _d(start + datetime.timedelta(days=200)), "adequate": True, "situation": ""},
        ],
        "education": [
            {
                "name": "MBO Helpende Zorg en Welzijn",
                "level": "mbo-2",
                "started_on": _d(start + datetime.timedelta(days=150)),
                "completed_on": _d(start + datetime.timedelta(days=500)) if n % 2 else None,
                "stopped_on": None,
            }
        ],
        "work": [
            {
                "kind": "internship",
                "employer": "Kinderopvang",
                "started_on": _d(start + datetime.timedelta(days=60)),
                "ended_on": _d(start + datetime.timedelta(days=180)),
                "hours_per_week": 16,
            },
            {
                "kind": "paid",
                "employer": "Zorginstelling",
                "started_on": _d(start + datetime.timedelta(days=400)),
                "ended_on": None,
                "hours_per_week": 24.5,
            },
        ],
        "consents": [
            {
                "organisation": "bench-kredietbank",
                "scopes": ["finances"],
                "given_on": _d(start),
                "expires_on": _d(start + datetime.timedelta(days=730)),
                "withdrawn_on": None,
            }
        ],
        "measurements": measurements,
    }


def plans(rng: random.Random, n: int, p: dict) -> dict:
    """Version 2: about 10 goals (8 under two dreams, 2 without), 20 actions and 50 contacts."""
    start = datetime.date.fromisoformat(p["start_date"])

    def day(k: int) -> str:
        return _d(min(start + datetime.timedelta(days=k), TODAY))

    def goal(k: int) -> dict:
        return {
            "ref": f"g{k}",
            "title": f"Doel {k}",
            "domain": ("finances", "education", "employment", "children")[k % 4],
            "child": 0 if k % 4 == 3 else None,
            "status": "achieved" if k % 3 == 0 else "open",
            "status_reason": None,
            "created_on": day(7 + k),
            "target_date": day(200 + k),
            "status_changed_on": day(150 + k) if k % 3 == 0 else None,
            "actions": [
                {
                    "ref": f"a{k}-{j}",
                    "description": f"Actie {j} voor doel {k}",
                    "owner": ("mother", "coach", "partner")[j % 3],
                    "organisation": "bench-kredietbank" if j % 3 == 2 else None,
                    "created_on": day(8 + k),
                    "due_date": day(60 + k + j),
                    "done_on": day(50 + k) if j % 2 else None,
                }
                for j in range(2)
            ],
        }

    return {
        "debt_inventory_on": day(5),
        "dreams": [
            {
                "ref": f"d{d}",
                "text": f"Droom {d} van moeder {n}",
                "created_on": day(7),
                "goals": [goal(4 * d + k) for k in range(4)],
            }
            for d in range(2)
        ],
        "goals": [goal(8 + k) for k in range(2)],
        "contacts": [
            {
                "ref": f"c{k}",
                "date": day(3 * k),
                "kind": ("one_on_one", "home_visit", "phone", "message")[k % 4],
                "duration_minutes": 15 + k % 4 * 15,
                "note": f"Gesprek {k} met moeder {n}.",
                "domain": "finances" if k % 10 == 0 else None,
                "author": COACHES[n % 2],
                "shared_with": ["bench-kredietbank"] if k % 10 == 0 and 3 * k < 730 else [],
            }
            for k in range(50)
        ],
    }


def generate(path: Path, count: int, code: str, with_plans: bool = False) -> None:
    """Write the document participant by participant (never all in memory)."""
    rng = random.Random(10_000)  # noqa: S311 (benchmark data)
    cohorts = [(f"{code}-{k}", D0 + datetime.timedelta(days=61 * k)) for k in range(8)]
    head = {
        "format": "droomplan-exchange",
        "version": 2 if with_plans else 1,
        "programme": {"code": code, "name": f"Benchmark {code}"},
        "organisations": [{"code": c, "name": n, "kind": k} for c, n, k in ORGS],
        "cohorts": [{"code": c, "name": c, "start_date": _d(d)} for c, d in cohorts],
    }
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps(head)[:-1] + ', "participants": [\n')
        for n in range(count):
            if n:
                out.write(",\n")
            record = participant(rng, n, cohorts)
            if with_plans:
                record.update(plans(rng, n, record))
            out.write(json.dumps(record))
        out.write("\n]}\n")


def ensure_coaches() -> None:
    from droomplan.accounts.models import Membership, Organisation, Role, User

    org, _ = Organisation.objects.get_or_create(
        code="bench-trajekt", defaults={"name": "Welzijn (benchmark)", "kind": "social_work"}
    )
    for email in COACHES:
        user, _ = User.objects.get_or_create(
            username=email.split("@")[0], defaults={"email": email}
        )
        Membership.objects.get_or_create(user=user, organisation=org, role=Role.COACH)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--reimport", action="store_true")
    parser.add_argument("--keep", action="store_true", help="Keep the generated file.")
    parser.add_argument(
        "--plans", action="store_true", help="Version 2: add plans and contacts (issue 20)."
    )
    args = parser.parse_args()

    from django.db import connection

    from droomplan.exchange.services import import_file

    call_command("migrate", verbosity=0)
    ensure_coaches()
    code = f"bench-{int(time.time())}"
    tmpdir = Path(tempfile.mkdtemp(prefix="bench-exchange-"))
    path = tmpdir / "exchange.json"
    started = time.perf_counter()
    generate(path, args.participants, code, with_plans=args.plans)
    size_mb = path.stat().st_size / 1e6
    print(
        f"generated {args.participants} participants ({size_mb:.1f} MB) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    cpu = time.process_time()
    result = import_file(path)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"import: {elapsed:.1f} s wall, {cpu:.1f} s CPU of this process  ({result.summary()})")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"peak RSS: {rss_after:.0f} MB (before the import {rss_before:.0f} MB)")
    if args.reimport:
        started = time.perf_counter()
        result = import_file(path)
        print(f"re-import: {time.perf_counter() - started:.1f} s  ({result.summary()})")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS: {rss:.0f} MB")
    if args.keep:
        print(f"file kept: {path}")
    else:
        path.unlink()
        tmpdir.rmdir()


if __name__ == "__main__":
    main()
