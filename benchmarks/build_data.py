"""Benchmark data builder: a realistic programme of N participants with histories, on
PostgreSQL, fast (INSERT ... SELECT over generate_series; a few thousand staff rows with
bulk_create). For the page benchmark (`benchmarks/bench_pages.py`, docs/performance.md).

Not a test, and not for a database with real data: it builds into an empty database (it runs
`migrate` first; the page benchmark creates the cache table) and refuses when the benchmark programme is already
there (drop and create the database to build again).

What one family gets (every count a parameter; the same per family at every size, so a page
that is flat in data size shows the same time at 1k and 100k):

- status: `--active-share` in the programme now (1 in 10 of them in intake, the rest active), the
  rest ended (years of history); the patterns below go by a family's rank within her status,
  so they do not line up with it;
- 0-2 children; two dreams; `--goals` goals in different life domains with `--actions`
  actions each (for ended families all done; for active ones a third done, and in 3 of 10
  families some overdue, the rest due later);
- a coach (`--families-per-coach` active families each, so a coach's caseload is the same size
  at every scale); 1 in 5 families had a handover (an earlier, ended assignment);
- `--contacts` contact moments over her trajectory (one in ten shared with the credit bank);
- `--measurements` measurements of the four KPI instruments; debts, housing, education, work;
- a consent for the credit bank (2 in 10 families) and for childcare (1 in 10, withdrawn),
  consent for research (most);
- status changes; `--log-rows` access-log rows (views and list entries by her coaches),
  without hashes: `verify_access_log` reports the chain broken at the first of them (the
  benchmark needs the rows, not the chain).

Staff: `bench-lead` (programme lead), `bench-board`, `bench-analyst`, `bench-partner` (credit
bank), coaches `bench-coach-0`... (`bench-coach-0` is the one the page benchmark uses).

    createdb -h 127.0.0.1 -U postgres bench_1k
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_1k \\
        .venv/bin/python benchmarks/build_data.py --participants 1000
    createdb -h 127.0.0.1 -U postgres bench_100k_p
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_100k_p \\
        nice -n 10 .venv/bin/python benchmarks/build_data.py --participants 100000 \\
        --active-share 0.02

(a province after years: 2,000 families now, 98,000 ended; docs/performance.md)"""

# ruff: noqa: E501, S608  (a data-building script: long SQL; SQL only with our own numbers)

import argparse
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "droomplan.settings.local")

CODE = "bench"
KPI = ["brug", "participatieladder", "pss-10", "executive-skills"]
DOMAINS = ["finances", "family_stability", "education", "employment", "well_being", "children"]
GIVEN = ["Anna", "Fatima", "Sanne", "Priya", "Joke", "Ilse", "Noor", "Lotte", "Eva", "Mira",
         "Samira", "Lisa", "Kim", "Romy", "Yara", "Demi", "Naima", "Esra", "Chantal", "Britt"]  # fmt: skip
FAMILY = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos",
          "Peters", "Hendriks", "Dekker", "Brouwer", "Dijkstra", "Smeets", "Janssen", "Willems",
          "Hermans", "Claessens", "Bouzid", "Jacobs", "Lemmens", "Vroemen", "Houben", "Coenen",
          "Kessels", "Wolfs", "Ramakers", "Frissen", "Schepers", "Vliegen", "Pluijmen",
          "Moonen", "Habets", "Senden", "Reinders", "Ernes", "Crombach", "Notermans", "Nijsten"]  # fmt: skip
NOTE = (
    "Gesprek over de brieven van de schuldeisers en het weekbudget; afspraak gemaakt voor de "
    "kredietbank en de opvang van de kinderen geregeld. Volgende keer verder met de sollicitatie."
)


def sql_list(values) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]"


def step(label: str, statements: list[str]) -> None:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        rows = 0
        for statement in statements:
            cursor.execute(statement)
            rows += max(cursor.rowcount, 0)
    print(f"  {label:28} {rows:>11,} rows  {time.perf_counter() - started:6.1f} s", flush=True)


def staff(args, active: int):
    """The organisations, users and memberships; returns (coach ids, other users by name)."""
    from droomplan.accounts.models import Membership, Organisation, OrganisationKind, Role, User

    orgs = {
        code: Organisation.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})[0]
        for code, name, kind in [
            ("bench-coop", "Coöperatie (bench)", OrganisationKind.OTHER),
            ("bench-trajekt", "Trajekt (bench)", OrganisationKind.SOCIAL_WORK),
            ("bench-kredietbank", "Kredietbank (bench)", OrganisationKind.CREDIT_BANK),
            ("bench-mik", "MIK Kindercentra (bench)", OrganisationKind.CHILDCARE),
        ]
    }  # fmt: skip
    coaches = max(3, math.ceil(active / args.families_per_coach))
    password = User().password  # unusable: the benchmark logs in with force_login
    users = [
        User(username=f"bench-coach-{i}", first_name="Coach", last_name=f"{FAMILY[i % len(FAMILY)]} {i}", password=password)
        for i in range(coaches)
    ] + [
        User(username=f"bench-{name}", first_name="Bench", last_name=name.title(), password=password)
        for name in ["lead", "board", "analyst", "partner"]
    ]  # fmt: skip
    users = User.objects.bulk_create(users, batch_size=2000)
    by_name = {u.username: u for u in users}
    memberships = [
        Membership(user=u, organisation=orgs["bench-trajekt"], role=Role.COACH)
        for u in users[:coaches]
    ] + [
        Membership(user=by_name["bench-lead"], organisation=orgs["bench-coop"], role=Role.PROGRAMME_LEAD),
        Membership(user=by_name["bench-board"], organisation=orgs["bench-coop"], role=Role.BOARD),
        Membership(user=by_name["bench-analyst"], organisation=orgs["bench-coop"], role=Role.ANALYST),
        Membership(user=by_name["bench-partner"], organisation=orgs["bench-kredietbank"], role=Role.PARTNER),
    ]  # fmt: skip
    Membership.objects.bulk_create(memberships, batch_size=2000)
    return [u.pk for u in users[:coaches]], by_name, orgs


def build(args) -> None:
    from django.db import connection, transaction

    from droomplan.instruments.models import Instrument, version_for
    from droomplan.instruments.scoring import score
    from droomplan.programmes.models import Cohort, Municipality, Programme

    n = args.participants
    active_pct = round(args.active_share * 100)
    # In the programme now: k % 100 < active_pct; of those, 1 in 10 in intake.
    active = sum(1 for k in range(n) if k % 100 < active_pct and (k // 100) % 10)
    programme = Programme.objects.create(code=CODE, name="Benchmark")
    municipalities = [
        Municipality.objects.get_or_create(cbs_code=code, defaults={"name": name})[0].pk
        for code, name in [
            ("GM0935", "Maastricht"), ("GM1903", "Eijsden-Margraten"), ("GM1729", "Gulpen-Wittem"),
            ("GM0938", "Meerssen"), ("GM0981", "Vaals"), ("GM0994", "Valkenburg aan de Geul"),
        ]
    ]  # fmt: skip
    import datetime

    cohorts = [
        Cohort.objects.create(
            programme=programme,
            code=f"g{k:02d}",
            name=f"Groep {k + 1}",
            start_date=datetime.date(2019, 1, 7) + datetime.timedelta(days=30 * k),
        ).pk
        for k in range(96)
    ]
    coach_ids, users, orgs = staff(args, active)
    n_coaches = len(coach_ids)
    coach_min = min(coach_ids)
    assert coach_ids == list(range(coach_min, coach_min + n_coaches)), "coach ids not consecutive"
    lead = users["bench-lead"].pk
    instruments = {i.code: i for i in Instrument.objects.filter(code__in=KPI)}
    versions = [version_for(instruments[c], programme.pk).pk for c in KPI]
    answers, totals = [], []
    for code in KPI:
        inst = instruments[code]
        for v in range(11):
            a = {item.code: max(item.min_value, min(item.max_value, v)) for item in inst.item_list}
            answers.append(a)
            totals.append(score(inst.definition(), a).total)
    import json

    answers_sql = "ARRAY[" + ", ".join("'" + json.dumps(a) + "'::jsonb" for a in answers) + "]"
    totals_sql = "ARRAY[" + ", ".join(str(t) for t in totals) + "]"
    inst_sql = "ARRAY[" + ", ".join(str(instruments[c].pk) for c in KPI) + "]"
    vers_sql = "ARRAY[" + ", ".join(str(v) for v in versions) + "]"
    mun_sql = "ARRAY[" + ", ".join(map(str, municipalities)) + "]"
    coh_sql = "ARRAY[" + ", ".join(map(str, cohorts)) + "]"
    dom_sql = sql_list(DOMAINS)
    print(
        f"Building {n:,} participants ({active:,} active, {n_coaches:,} coaches) on {connection.vendor}:",
        flush=True,
    )
    started = time.perf_counter()
    with transaction.atomic():
        # The rows are consistent by construction: no foreign-key check per row (Django's are
        # deferred to COMMIT, where 17M checks took longer than the inserts) and no triggers
        # (the access-log chain head is set at the end).
        step("no per-row checks", ["SET LOCAL session_replication_role = replica"])
        # k: the family's number 0..n-1. Dates relative to today, so "overdue" means something.
        step(
            "participants",
            [
                f"""
            INSERT INTO cases_participant (version, programme_id, ref, given_name, family_name,
              birth_date, phone, email, address, single_parent, has_starting_qualification,
              has_paid_work, on_waiting_list, status, intake_date, start_date, end_date, end_reason,
              eligibility_override, created_at, updated_at, cohort_id, municipality_id,
              debt_inventory_on)
            SELECT 1, {programme.pk}, 'DM-' || lpad(k::text, 6, '0'),
              ({sql_list(GIVEN)})[1 + k % {len(GIVEN)}], ({sql_list(FAMILY)})[1 + (k / 7) % {len(FAMILY)}],
              DATE '1998-01-01' + (k * 13) % 3000, '06' || lpad((k % 100000000)::text, 8, '0'),
              'm' || k || '@example.org', 'Straat ' || (k % 300 + 1), true, k % 3 = 0, k % 4 = 0,
              s.status = 'intake' AND k % 2 = 0, s.status, COALESCE(s.start_date, CURRENT_DATE - k % 30) - 14,
              s.start_date, s.end_date, CASE WHEN s.end_date IS NULL THEN '' ELSE 'completed' END,
              '', now(), now(), ({coh_sql})[1 + k % {len(cohorts)}], ({mun_sql})[1 + k % 6],
              CASE WHEN s.start_date IS NOT NULL AND k % 5 > 0 THEN s.start_date + 14 END
            FROM generate_series(0, {n - 1}) k,
            LATERAL (SELECT
              CASE WHEN k % 100 >= {active_pct} THEN 'ended' WHEN (k / 100) % 10 = 0 THEN 'intake' ELSE 'active' END AS status,
              CASE WHEN k % 100 < {active_pct} AND (k / 100) % 10 = 0 THEN NULL::date
                   WHEN k % 100 < {active_pct} THEN CURRENT_DATE - (30 + (k * 37) % 650)
                   ELSE CURRENT_DATE - (800 + (k * 37) % 2000) END AS start_date,
              CASE WHEN k % 100 < {active_pct} THEN NULL::date
                   ELSE CURRENT_DATE - (800 + (k * 37) % 2000) + 400 + k % 330 END AS end_date) s
        """
            ],
        )
        # bp: the benchmark families with their number k and dates, for the steps below.
        step(
            "family index",
            [
                f"""
            CREATE TEMP TABLE bp ON COMMIT DROP AS
            SELECT id, substr(ref, 4)::int AS k, status, COALESCE(start_date, intake_date) AS s,
              COALESCE(end_date, CURRENT_DATE) AS e, end_date,
              (row_number() OVER (PARTITION BY status ORDER BY ref))::int - 1 AS r
            FROM cases_participant WHERE programme_id = {programme.pk}
        """,
                "CREATE INDEX ON bp (k)",
                "ANALYZE bp",
            ],
        )
        # Her coach: coach number k % coaches; the families with k % 5 = 0 had another coach
        # first (a handover halfway).
        coach = f"{coach_min} + bp.r % {n_coaches}"
        step(
            "coach assignments",
            [
                f"""
            INSERT INTO cases_coachassignment (participant_id, coach_id, started_on, ended_on,
              handover_note, handover_read_at, assigned_by_id, created_at)
            SELECT bp.id, {coach_min} + (bp.r + 1) % {n_coaches}, bp.s, bp.s + (bp.e - bp.s) / 2,
              '', NULL, {lead}, now()
            FROM bp WHERE bp.r % 5 = 0
        """,
                f"""
            INSERT INTO cases_coachassignment (participant_id, coach_id, started_on, ended_on,
              handover_note, handover_read_at, assigned_by_id, created_at)
            SELECT bp.id, {coach}, CASE WHEN bp.r % 5 = 0 THEN bp.s + (bp.e - bp.s) / 2 ELSE bp.s END,
              bp.end_date, CASE WHEN bp.r % 5 = 0 THEN 'Overdracht: zie de laatste contacten.' ELSE '' END,
              CASE WHEN bp.r % 5 = 0 THEN now() END, {lead}, now()
            FROM bp
        """,
            ],
        )
        step(
            "status changes",
            [
                f"""
            INSERT INTO cases_statuschange (participant_id, from_status, to_status, date, reason, changed_by_id, created_at)
            SELECT bp.id, 'intake', 'active', bp.s, '', {lead}, now() FROM bp WHERE bp.status <> 'intake'
            UNION ALL
            SELECT bp.id, 'active', 'ended', bp.end_date, '', {lead}, now() FROM bp WHERE bp.status = 'ended'
        """
            ],
        )
        step(
            "children",
            [
                f"""
            INSERT INTO cases_child (participant_id, given_name, birth_date, childcare, school)
            SELECT bp.id, ({sql_list(GIVEN)})[1 + (bp.r + j) % {len(GIVEN)}], bp.s - 300 * j, '', ''
            FROM bp, generate_series(1, bp.r % 3) j
        """
            ],
        )
        step(
            "dreams",
            [
                f"""
            INSERT INTO plans_dream (participant_id, text, exchange_ref, created_by_id, created_at, updated_at)
            SELECT bp.id, 'Een eigen huis en werk dat bij me past (' || j || ')', '', {lead}, now(), now()
            FROM bp, generate_series(1, 2) j WHERE bp.status <> 'intake'
        """
            ],
        )
        step(
            "goals",
            [
                f"""
            INSERT INTO plans_goal (version, participant_id, dream_id, child_id, domain, title,
              exchange_ref, target_date, status, status_reason, created_by_id, created_at, updated_at)
            SELECT 1, bp.id, NULL, NULL, ({dom_sql})[1 + (bp.r + j) % {len(DOMAINS)}],
              'Doel ' || j || ' in het plan', '', bp.s + 120 * j,
              CASE WHEN bp.status = 'ended' THEN 'achieved' ELSE 'open' END, '', {lead}, now(), now()
            FROM bp, generate_series(1, {args.goals}) j WHERE bp.status <> 'intake'
        """
            ],
        )
        # Actions: ended families all done; active ones a third done, and in 3 of 10 families
        # the second of each three overdue (due in the past), the rest due later.
        step(
            "actions",
            [
                f"""
            INSERT INTO plans_action (version, goal_id, description, exchange_ref, owner,
              organisation_id, due_date, done_on, done_by_id, created_by_id, created_at, updated_at)
            SELECT 1, g.id, 'Actie ' || j, '', 'mother', NULL,
              CASE WHEN bp.status = 'ended' THEN bp.s + 30 * j
                   WHEN j % 3 = 1 AND bp.r % 10 < 3 THEN CURRENT_DATE - (5 + (bp.r + j) % 40)
                   WHEN j % 3 = 0 THEN CURRENT_DATE - (10 + j)
                   ELSE CURRENT_DATE + (3 + (bp.r + j) % 60) END,
              CASE WHEN bp.status = 'ended' THEN bp.s + 30 * j
                   WHEN j % 3 = 0 THEN CURRENT_DATE - (12 + j) END,
              NULL, {lead}, now(), now()
            FROM plans_goal g JOIN bp ON bp.id = g.participant_id, generate_series(1, {args.actions}) j
        """
            ],
        )
        step(
            "contacts",
            [
                f"""
            INSERT INTO cases_contact (version, participant_id, author_id, date, kind,
              duration_minutes, note, exchange_ref, domain, corrects_id, professionals_only,
              professionals_only_reason, created_at, updated_at)
            SELECT 1, bp.id, {coach}, bp.s + ((bp.e - bp.s) * j) / {args.contacts},
              (ARRAY['one_on_one', 'home_visit', 'phone', 'message', 'with_partner'])[1 + j % 5],
              15 + 15 * (j % 4), '{NOTE} (' || j || ')', '', ({dom_sql})[1 + j % {len(DOMAINS)}],
              NULL, false, '', now(), now()
            FROM bp, generate_series(1, {args.contacts}) j WHERE bp.status <> 'intake'
        """,
                f"""
            INSERT INTO cases_contact_shared_with (contact_id, organisation_id)
            SELECT c.id, {orgs["bench-kredietbank"].pk} FROM cases_contact c JOIN bp ON bp.id = c.participant_id
            WHERE bp.r % 10 < 2 AND c.id % 10 = 0
        """,
            ],
        )
        step(
            "measurements",
            [
                f"""
            INSERT INTO instruments_measurement (participant_id, instrument_id, instrument_version_id,
              taken_on, answers, total, group_scores, band, note, filled_in_by, recorded_by_id,
              created_at, updated_at)
            SELECT bp.id, ({inst_sql})[1 + j % 4], ({vers_sql})[1 + j % 4], bp.s + 45 * (j / 4),
              ({answers_sql})[1 + (j % 4) * 11 + (bp.r + j) % 11],
              ({totals_sql})[1 + (j % 4) * 11 + (bp.r + j) % 11], '{{}}'::jsonb, '', '', 'coach',
              {coach}, now(), now()
            FROM bp, generate_series(0, {args.measurements - 1}) j WHERE bp.status <> 'intake'
        """
            ],
        )
        step(
            "life domains",
            [
                """
            INSERT INTO lifedomains_debt (version, participant_id, creditor, amount, registered_on,
              settled_on, route, note, created_at, updated_at)
            SELECT 1, bp.id, 'Schuldeiser ' || j, 250 * j, bp.s + 20 * j,
              CASE WHEN j % 2 = 0 THEN bp.s + 300 END, 'inventory', '', now(), now()
            FROM bp, generate_series(1, bp.r % 4) j
        """,
                """
            INSERT INTO lifedomains_housingstatus (participant_id, date, kind, adequate, situation, note, created_at, updated_at)
            SELECT bp.id, bp.s + 200 * j, CASE WHEN j = 0 THEN 'with_family' ELSE 'social_housing' END,
              j > 0 OR bp.r % 3 = 0, '', '', now(), now()
            FROM bp, generate_series(0, 1) j
        """,
                """
            INSERT INTO lifedomains_education (participant_id, name, level, institution, started_on,
              completed_on, stopped_on, note, created_at, updated_at)
            SELECT bp.id, 'Mbo Zorg en welzijn', 'mbo-2', '', bp.s + 60,
              CASE WHEN bp.r % 4 = 1 THEN bp.s + 500 END, NULL, '', now(), now()
            FROM bp WHERE bp.r % 2 = 1
        """,
                """
            INSERT INTO lifedomains_workplacement (participant_id, kind, employer, started_on, ended_on,
              hours_per_week, note, created_at, updated_at)
            SELECT bp.id, (ARRAY['paid', 'paid_supported', 'internship'])[1 + bp.r % 3], 'Werkgever',
              bp.s + 200 + bp.r % 300, NULL, 20, '', now(), now()
            FROM bp WHERE bp.r % 3 = 0 AND bp.status <> 'intake'
        """,
            ],
        )
        step(
            "consents",
            [
                f"""
            INSERT INTO access_consent (participant_id, organisation_id, scopes, given_on, expires_on,
              method, form_file, form_content_type, note, withdrawn_on, withdrawal_reason,
              witness_id, recorded_by_id, created_at, updated_at)
            SELECT bp.id, {orgs["bench-kredietbank"].pk}, '["finances"]'::jsonb, bp.s + 10,
              CASE WHEN bp.status = 'ended' THEN bp.end_date END, 'verbal', '', '', '', NULL, '',
              {coach}, {coach}, now(), now()
            FROM bp WHERE bp.r % 10 < 2
            UNION ALL
            SELECT bp.id, {orgs["bench-mik"].pk}, '["children", "family_stability"]'::jsonb, bp.s + 10,
              NULL, 'verbal', '', '', '', bp.s + 100, 'Geen opvang meer nodig', {coach}, {coach}, now(), now()
            FROM bp WHERE bp.r % 10 = 5
        """,
                f"""
            INSERT INTO access_researchconsent (participant_id, given_on, withdrawn_on, recorded_by_id, created_at, updated_at)
            SELECT bp.id, bp.s, NULL, {coach}, now(), now() FROM bp WHERE bp.status <> 'intake' AND bp.r % 7 > 0
        """,
            ],
        )
        # The access log: her coaches looking at her file and her in lists over the years,
        # into the monthly partitions of those years (PostgreSQL partitions the log by month;
        # without them every row would land in the DEFAULT partition).
        from droomplan.audit.partitions import ensure_month_partitions

        with connection.cursor() as cursor:
            cursor.execute("SELECT min(s), max(e) FROM bp")
            since, through = cursor.fetchone()
        if since is not None:
            ensure_month_partitions(since=since, through=through)
        step(
            "access log",
            [
                f"""
            INSERT INTO audit_accesslogentry (at, user_id, username, user_display, organisation,
              role, participant_id, object_type, object_id, action, outcome, request_id, path,
              detail, client_ip, prev_hash, hash)
            SELECT (bp.s + ((bp.e - bp.s) * j) / {args.log_rows})::timestamptz + interval '10 hours',
              {coach}, 'bench-coach-' || (bp.r % {n_coaches}), 'Coach', 'Trajekt (bench)', 'coach',
              bp.id, CASE WHEN j % 2 = 0 THEN 'participant' ELSE 'contact' END, bp.id::text,
              CASE WHEN j % 3 = 0 THEN 'list' ELSE 'view' END, 'allowed', '',
              '/deelnemers/' || bp.id || '/', '', '10.0.0.1', '', ''
            FROM bp, generate_series(1, {args.log_rows}) j
        """,
                """
            UPDATE audit_accesslogchain SET last_id = (SELECT max(id) FROM audit_accesslogentry),
              last_hash = '' WHERE id = 1
        """,
            ],
        )
    step("analyze", ["ANALYZE"])
    print(f"Done in {time.perf_counter() - started:.0f} s.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--active-share", type=float, default=0.2, help="share of active families")
    parser.add_argument("--families-per-coach", type=int, default=20)
    parser.add_argument("--goals", type=int, default=3, help="goals per family")
    parser.add_argument("--actions", type=int, default=5, help="actions per goal")
    parser.add_argument("--contacts", type=int, default=100, help="contact moments per family")
    parser.add_argument("--measurements", type=int, default=10, help="measurements per family")
    parser.add_argument("--log-rows", type=int, default=34, help="access-log rows per family")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from droomplan.programmes.models import Programme

    if connection.vendor != "postgresql":
        sys.exit("The builder needs PostgreSQL (set DATABASE_URL).")
    call_command("migrate", verbosity=0)
    if Programme.objects.filter(code=CODE).exists():
        sys.exit(
            f"The programme {CODE!r} is already in {connection.settings_dict['NAME']}: drop and "
            "create the database to build again."
        )
    build(args)


if __name__ == "__main__":
    main()
