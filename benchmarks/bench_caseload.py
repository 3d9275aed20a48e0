"""Benchmark: the lead's caseload page query at a given size, the way it is now (count
subqueries for the page's rows, a plain COUNT for the paginator) against the way it was
(`Count(..., distinct=True)` over every action before LIMIT, and the paginator's COUNT wrapping
that query), on the same data in the same run.

Not a test. Builds `--participants` families in a programme `bench-caseload` (bulk_create) and
gives each a goal with open, overdue and done actions (`--actions` per family, one
INSERT ... SELECT). Prints, median of `--runs` runs, page 1 + count for the
plain list, the overdue filter and a name search, and the ratio old/new.

    createdb -h 127.0.0.1 -U postgres bench_caseload
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_caseload \\
        .venv/bin/python benchmarks/bench_caseload.py --participants 2000 --actions 15"""

# ruff: noqa: E501, S608  (a data-building script: long SQL; SQL only with our own ids)

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "droomplan.settings.local")
TODAY = datetime.date(2026, 6, 30)
PER_PAGE = 50


CODE = "bench-caseload"
NAMES = ["Anna", "Fatima", "Sanne", "Priya", "Joke", "Ilse", "Noor", "Lotte", "Eva", "Mira"]


def timed(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def build(n: int):
    """`n` active families (removes the previous benchmark families first)."""
    from django.db import connection, transaction

    from droomplan.cases.models import Participant, Status
    from droomplan.programmes.models import Cohort, Municipality, Programme

    programme, _ = Programme.objects.get_or_create(code=CODE, defaults={"name": "Bench caseload"})
    ids = f"SELECT id FROM cases_participant WHERE programme_id = {programme.pk}"
    with connection.cursor() as cursor:
        goals = f"SELECT id FROM plans_goal WHERE participant_id IN ({ids})"
        cursor.execute(f"DELETE FROM plans_action WHERE goal_id IN ({goals})")
        cursor.execute(f"DELETE FROM plans_goal WHERE participant_id IN ({ids})")
        cursor.execute(f"DELETE FROM cases_participant WHERE programme_id = {programme.pk}")
    municipality = Municipality.objects.get_or_create(
        cbs_code="GM0935", defaults={"name": "Maastricht"}
    )[0]
    start = datetime.date(2025, 1, 6)
    cohort = Cohort.objects.get_or_create(
        programme=programme, code="bc1", defaults={"name": "Bench", "start_date": start}
    )[0]
    with transaction.atomic():
        Participant.objects.bulk_create(
            [
                Participant(
                    programme=programme, ref=f"C-{i:06d}", given_name=NAMES[i % len(NAMES)],
                    family_name=f"Fam{i:06d}", birth_date=datetime.date(2000, 1, 1),
                    municipality=municipality, cohort=cohort, intake_date=start,
                    start_date=start, status=Status.ACTIVE,
                )
                for i in range(n)
            ],
            batch_size=5000,
        )  # fmt: skip
    return programme


def add_actions(programme, per_family: int) -> None:
    """One goal per family with `per_family` actions: a third done, a third overdue, a third
    due later."""
    from django.db import connection

    ids = f"SELECT id FROM cases_participant WHERE programme_id = {programme.pk}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM plans_action WHERE goal_id IN (SELECT id FROM plans_goal WHERE participant_id IN ({ids}))"
        )
        cursor.execute(f"DELETE FROM plans_goal WHERE participant_id IN ({ids})")
        cursor.execute(
            "INSERT INTO plans_goal (version, participant_id, domain, title, exchange_ref, status,"
            " status_reason, created_at, updated_at) SELECT 1, id, 'finances', 'Schulden', '',"
            f" 'open', '', now(), now() FROM cases_participant WHERE programme_id = {programme.pk}"
        )
        cursor.execute(
            "INSERT INTO plans_action (version, goal_id, description, exchange_ref, owner, due_date,"
            " done_on, created_at, updated_at) SELECT 1, g.id, 'Brieven verzamelen', '', 'mother',"
            " DATE '2026-06-30' + ((i % 3) - 1) * 30,"
            " CASE WHEN i % 3 = 0 THEN DATE '2026-01-01' END, now(), now()"
            f" FROM plans_goal g CROSS JOIN generate_series(1, {per_family}) i"
            f" WHERE g.participant_id IN ({ids})"
        )
        cursor.execute("ANALYZE plans_goal; ANALYZE plans_action; ANALYZE cases_participant")


def old_caseload(user, **filters):
    """The query as it was before issue 18 (for the comparison only): the same filters, the
    counts as `Count(..., distinct=True)` over the join with every action."""
    from django.db.models import Count, IntegerField, Value

    from droomplan.cases import selectors
    from droomplan.plans.models import open_action_q, overdue_action_q

    real = selectors._count_of
    selectors._count_of = lambda actions: Value(0, output_field=IntegerField())
    try:
        qs = selectors.caseload(user, today=TODAY, **filters)
    finally:
        selectors._count_of = real
    return qs.annotate(
        old_open=Count("goals__actions", filter=open_action_q("goals__actions__"), distinct=True),
        old_overdue=Count(
            "goals__actions", filter=overdue_action_q(TODAY, "goals__actions__"), distinct=True
        ),
    )


def page_and_count(queryset) -> None:
    from django.core.paginator import Paginator

    page = Paginator(queryset, PER_PAGE).get_page(1)
    list(page.object_list)
    assert page.paginator.count >= 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--actions", type=int, default=15)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from droomplan.accounts.models import Role, User
    from droomplan.accounts.tests.factories import UserFactory
    from droomplan.cases import selectors
    from droomplan.cases.models import Participant
    from droomplan.programmes.models import Programme

    call_command("migrate", verbosity=0)
    programme = Programme.objects.filter(code=CODE).first()
    have = Participant.objects.filter(programme=programme).count() if programme else 0
    if have != args.participants:
        print(f"Building {args.participants:,} families on {connection.vendor}...", flush=True)
        programme = build(args.participants)
    add_actions(programme, args.actions)
    lead = User.objects.filter(username="bench-caseload-lead").first() or UserFactory(
        username="bench-caseload-lead", role=Role.PROGRAMME_LEAD
    )
    cases = {
        "list": {},
        "overdue": {"overdue": True},
        "search": {"search": "an"},
    }
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{args.participants:,} families x {args.actions} actions on {connection.vendor},"
        f" median of {args.runs} runs, load {load} on {os.cpu_count()} cores:"
    )
    for name, filters in cases.items():
        new = timed(
            lambda f=filters: page_and_count(selectors.caseload(lead, today=TODAY, **f)),
            args.runs,
        )
        old = timed(lambda f=filters: page_and_count(old_caseload(lead, **f)), args.runs)
        print(
            f"  {name:8} now {new * 1000:7.1f} ms   before {old * 1000:7.1f} ms   ×{old / new:.1f}"
        )


if __name__ == "__main__":
    main()
