"""Page benchmark: every main page of every role, in-process (Django's test client, production
settings), against a small and a big dataset in the same run, alternating between the two on
every request so that the machine's load hits both alike.

Not a test. Needs two databases built by `benchmarks/build_data.py` (e.g. 1,000 and 100,000
participants). Reports per page and role: the number of queries at both sizes, p50 and p95 at
both sizes, and the ratio of the p95s (big / small). Targets (issue 18): p95 <= 150 ms at the
big size and <= 1.3x the small size's p95.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_1k \\
    BENCH_BIG_URL=postgres://postgres@127.0.0.1:5432/bench_100k_p \\
        .venv/bin/python benchmarks/bench_pages.py --runs 20 [--only caseload] [--markdown]

The requests write to the access log and sessions of both databases, as production would."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent))

from benchmarks.stats import percentile  # noqa: E402

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings_bench"

SIZES = ("small", "big")
TARGET_MS = 150
TARGET_RATIO = 1.3


class Databases:
    """Both datasets in one process: "default" is swapped between the two connections."""

    def __init__(self):
        from django.db import connections
        from django.db.utils import load_backend

        small = connections["default"]
        settings_dict = connections.settings["big"]
        big = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
        self.wrappers = {"small": small, "big": big}
        self.current = "small"

    def use(self, size: str) -> None:
        from django.db import connections

        connections["default"] = self.wrappers[size]
        self.current = size


def pick(size_db: Databases, size: str) -> dict:
    """The users and cases the pages are asked with, in the current database: the first
    coach's active family with overdue actions and a handover where there is one; a family
    the partner sees by consent; page numbers that exist at both sizes."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from droomplan.accounts.models import User
    from droomplan.cases.models import Participant, Status
    from droomplan.plans.models import Action
    from droomplan.programmes.models import Cohort

    size_db.use(size)
    users = {u.username: u for u in User.objects.filter(username__startswith="bench-")}
    coach = users["bench-coach-0"]
    families = Participant.objects.coached_by(coach).filter(status=Status.ACTIVE).order_by("ref")
    today = timezone.localdate()
    case = (
        families.filter(coach_assignments__ended_on__isnull=False)  # a handover
        .filter(Exists(Action.objects.overdue(today).filter(goal__participant=OuterRef("pk"))))
        .first()
    ) or families.first()
    partner_case = (
        Participant.objects.filter(
            status=Status.ACTIVE, consents__organisation__code="bench-kredietbank"
        )
        .order_by("ref")
        .first()
    )
    return {
        "users": users,
        "case": case.pk,
        "partner_case": partner_case.pk,
        "cohort": Cohort.objects.filter(programme__code="bench").order_by("code").first().pk,
    }


def pages(ids: dict) -> list[tuple[str, str, str]]:
    """(role, page, url) of every main page."""
    from droomplan.core.sections import parts
    from droomplan.programmes.models import Municipality

    case = f"/deelnemers/{ids['case']}/"
    municipality = Municipality.objects.get(cbs_code="GM0935").pk
    result = [
        ("coach", "home", "/"),
        ("coach", "caseload", "/deelnemers/"),
        ("coach", "caseload overdue", "/deelnemers/?overdue=on"),
        ("coach", "case page", case),
        *[("coach", f"case part {name}", f"{case}deel/{name}/") for name, _title in parts()],
        ("coach", "case part contacten", f"{case}deel/contacten/"),
        ("coach", "plan print", f"{case}plan/afdrukken/"),
        ("coach", "measurements", f"{case}metingen/"),
        ("coach", "consents", f"{case}toestemmingen/"),
        ("coach", "access overview", f"{case}inzagelog/"),
        ("lead", "home", "/"),
        ("lead", "caseload", "/deelnemers/"),
        ("lead", "caseload page 10", "/deelnemers/?page=10"),
        ("lead", "caseload status", "/deelnemers/?status=active"),
        ("lead", "caseload waiting list", "/deelnemers/?status=waiting_list"),
        ("lead", "caseload cohort", f"/deelnemers/?cohort={ids['cohort']}"),
        ("lead", "caseload municipality", f"/deelnemers/?municipality={municipality}"),
        ("lead", "caseload domain", "/deelnemers/?domain=finances"),
        ("lead", "caseload overdue", "/deelnemers/?overdue=on"),
        ("lead", "caseload overdue page 2", "/deelnemers/?overdue=on&page=2"),
        ("lead", "caseload without coach", "/deelnemers/?without_coach=on"),
        ("lead", "search name", "/deelnemers/?q=Jansen"),
        ("lead", "search case number", "/deelnemers/?q=DM-000123"),
        ("lead", "search 2 letters", "/deelnemers/?q=an"),
        ("lead", "case page", case),
        ("lead", "outcome report", "/resultaten/"),
        ("board", "home", "/"),
        ("board", "outcome report", "/resultaten/"),
        ("analyst", "home", "/"),
        ("analyst", "outcome report", "/resultaten/"),
        ("partner", "home", "/"),
        ("partner", "caseload", "/deelnemers/"),
        ("partner", "case page", f"/deelnemers/{ids['partner_case']}/"),
    ]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page and size")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--only", default="", help="only pages whose role+name contain this")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()  # the test client needs it (in-memory e-mail; no other change)
    from django.core.management import call_command

    dbs = Databases()
    for size in SIZES:
        dbs.use(size)
        call_command("createcachetable", verbosity=0)  # the production cache (a table)
    ids = {size: pick(dbs, size) for size in SIZES}
    clients = {}
    for size in SIZES:
        dbs.use(size)
        for role in ("coach", "lead", "board", "analyst", "partner"):
            client = Client(headers={"x-forwarded-proto": "https"})
            name = "bench-coach-0" if role == "coach" else f"bench-{role}"
            client.force_login(ids[size]["users"][name])
            clients[role, size] = client
    dbs.use("small")
    listing = {size: pages(ids[size]) for size in SIZES}
    rows = []
    todo = [
        i for i, (role, name, _url) in enumerate(listing["small"]) if args.only in f"{role} {name}"
    ]
    load_before = os.getloadavg()
    for i in todo:
        role, name, _ = listing["small"][i]
        result = {"role": role, "page": name}
        urls = {}
        for size in SIZES:
            dbs.use(size)
            url = listing[size][i][2]
            response = clients[role, size].get(url)
            if response.status_code == 302 and response["Location"].startswith("/"):
                url = response["Location"]  # a home page that lands elsewhere
                response = clients[role, size].get(url)
            urls[size] = url
            with CaptureQueriesContext(connection) as queries:
                response = clients[role, size].get(url)
            result[f"status_{size}"] = response.status_code
            result[f"queries_{size}"] = len(queries)
            result[f"kib_{size}"] = len(response.content) / 1024
        times = {size: [] for size in SIZES}
        for run in range(args.warmup + args.runs):
            order = SIZES if run % 2 == 0 else SIZES[::-1]
            for size in order:
                dbs.use(size)
                started = time.perf_counter()
                clients[role, size].get(urls[size])
                elapsed = (time.perf_counter() - started) * 1000
                if run >= args.warmup:
                    times[size].append(elapsed)
        for size in SIZES:
            result[f"p50_{size}"] = statistics.median(times[size])
            result[f"p95_{size}"] = percentile(times[size], 95)
        result["ratio"] = result["p95_big"] / result["p95_small"]
        result["ok"] = (
            result["p95_big"] <= TARGET_MS
            and result["ratio"] <= TARGET_RATIO
            and result["status_small"] == result["status_big"] == 200
        )
        rows.append(result)
        print(
            f"{role:8} {name:28} {result['status_small']}/{result['status_big']}"
            f" q {result['queries_small']:>3}/{result['queries_big']:<3}"
            f" p50 {result['p50_small']:7.1f}/{result['p50_big']:7.1f}"
            f" p95 {result['p95_small']:7.1f}/{result['p95_big']:7.1f} ms"
            f" ×{result['ratio']:.2f} {result['kib_small']:4.0f}/{result['kib_big']:<4.0f} KiB"
            f" {'ok' if result['ok'] else 'NOT MET'}",
            flush=True,
        )
    load_after = os.getloadavg()
    print(
        f"{args.runs} timed requests per page and size (after {args.warmup} warm-up), alternating;"
        f" load average {load_before[0]:.1f} → {load_after[0]:.1f} on {os.cpu_count()} cores."
    )
    if args.markdown:
        print()
        print(
            "| role | page | queries small/big | p50 small | p50 big | p50 ratio | p95 small "
            "| p95 big | p95 ratio | KiB small/big | target |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for r in rows:
            print(
                f"| {r['role']} | {r['page']} | {r['queries_small']}/{r['queries_big']}"
                f" | {r['p50_small']:.0f} | {r['p50_big']:.0f}"
                f" | {r['p50_big'] / r['p50_small']:.2f}× | {r['p95_small']:.0f}"
                f" | {r['p95_big']:.0f} | {r['ratio']:.2f}×"
                f" | {r['kib_small']:.0f}/{r['kib_big']:.0f} | {'met' if r['ok'] else 'not met'} |"
            )


if __name__ == "__main__":
    main()
