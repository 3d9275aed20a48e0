"""Benchmark: the outcome report for 100,000 participants with histories.

Not a test. Builds (once; `--rebuild` to redo) a programme `bench-outcomes` with N participants,
each with debts, housing records, educations, work and measurements of the four KPI
instruments plus the spider web (written directly with bulk_create), then times in the same
run, median of `--runs` runs each:

- figures: `report.build(...)` — the eight figures and the breakdowns by cohort and by
  municipality (one aggregate query; what the page and the external exports use);
- full: `metrics.compute(...)` — the eight figures with the sorted refs of numerator and
  denominator of every metric (what `outcome_report --format json` writes);
- sql: one hand-written PostgreSQL query computing the same eight numerators, denominators
  and the population (`HAND_SQL`, below),

and prints the ratios. Target: under 2 s and at most 2× the hand-written SQL.

    createdb -h 127.0.0.1 -U postgres bench_outcomes
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_outcomes \\
        .venv/bin/python benchmarks/bench_outcomes.py [--participants 100000] [--runs 5]

`src/droomplan/outcomes/tests/test_bench_sql.py` checks on a small dataset that `HAND_SQL`
gives the same numbers as the metrics, which keeps this comparison honest."""

# ruff: noqa: E501, S608  (a data-building script: long literal rows; SQL only with our own ids)

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "droomplan.settings.local")

CODE = "bench-outcomes"
AS_OF = datetime.date(2026, 6, 30)
KPI = ["brug", "participatieladder", "pss-10", "executive-skills"]

# The eight numbers in one statement, written by hand for PostgreSQL (DISTINCT ON for the
# first and last measurement, FILTER aggregates). With one measurement, first = last and the
# change is 0, which is "no change".
HAND_SQL = """
WITH p AS (
  SELECT id, start_date, debt_inventory_on, (start_date + INTERVAL '2 years')::date AS two_year
  FROM cases_participant
  WHERE programme_id = %(programme)s AND start_date <= %(d)s
),
first_m AS (
  SELECT DISTINCT ON (m.participant_id, m.instrument_id) m.participant_id, m.instrument_id, m.total
  FROM instruments_measurement m JOIN p ON p.id = m.participant_id
  WHERE m.taken_on <= %(d)s AND m.instrument_id = ANY(%(instruments)s)
  ORDER BY m.participant_id, m.instrument_id, m.taken_on, m.id
),
last_m AS (
  SELECT DISTINCT ON (m.participant_id, m.instrument_id) m.participant_id, m.instrument_id, m.total
  FROM instruments_measurement m JOIN p ON p.id = m.participant_id
  WHERE m.taken_on <= %(d)s AND m.instrument_id = ANY(%(instruments)s)
  ORDER BY m.participant_id, m.instrument_id, m.taken_on DESC, m.id DESC
),
delta AS (
  SELECT f.participant_id,
    max(l.total - f.total) FILTER (WHERE f.instrument_id = %(brug)s) AS brug,
    max(l.total - f.total) FILTER (WHERE f.instrument_id = %(ladder)s) AS ladder,
    max(l.total - f.total) FILTER (WHERE f.instrument_id = %(pss)s) AS pss,
    max(l.total - f.total) FILTER (WHERE f.instrument_id = %(executive)s) AS executive
  FROM first_m f JOIN last_m l USING (participant_id, instrument_id)
  GROUP BY f.participant_id
),
house AS (
  SELECT DISTINCT ON (h.participant_id) h.participant_id, h.adequate
  FROM lifedomains_housingstatus h JOIN p ON p.id = h.participant_id
  WHERE h.date <= %(d)s
  ORDER BY h.participant_id, h.date DESC, h.id DESC
),
debt AS (
  SELECT DISTINCT d.participant_id FROM lifedomains_debt d
  WHERE d.registered_on <= %(d)s AND (d.settled_on IS NULL OR d.settled_on > %(d)s)
),
known AS (
  SELECT DISTINCT d.participant_id FROM lifedomains_debt d WHERE d.registered_on <= %(d)s
),
edu AS (
  SELECT DISTINCT e.participant_id FROM lifedomains_education e JOIN p ON p.id = e.participant_id
  WHERE e.started_on BETWEEN p.start_date AND %(d)s
     OR e.completed_on BETWEEN p.start_date AND %(d)s
),
paid AS (
  SELECT w.participant_id, bool_or(w.started_on <= p.two_year) AS within
  FROM lifedomains_workplacement w JOIN p ON p.id = w.participant_id
  WHERE w.kind IN ('paid', 'paid_supported') AND w.started_on BETWEEN p.start_date AND %(d)s
  GROUP BY w.participant_id
)
SELECT
  count(*) AS population,
  count(*) FILTER (WHERE debt.participant_id IS NULL
    AND (p.debt_inventory_on <= %(d)s OR known.participant_id IS NOT NULL)) AS debt_free,
  count(*) FILTER (WHERE house.adequate) AS adequate_housing,
  count(*) FILTER (WHERE delta.brug >= 2 OR delta.ladder >= 2) AS self_reliance_2_steps,
  count(*) FILTER (WHERE delta.pss < 0) AS less_stress,
  count(*) FILTER (WHERE delta.executive > 0) AS executive_functions_growth,
  count(*) FILTER (WHERE edu.participant_id IS NOT NULL) AS education_started_or_completed,
  count(*) FILTER (WHERE paid.within) AS paid_work_within_2_years,
  count(*) FILTER (WHERE p.two_year <= %(d)s AND paid.participant_id IS NOT NULL)
    AS paid_work_after_2_years,
  count(*) FILTER (WHERE p.two_year <= %(d)s) AS after_2_years_denominator
FROM p
LEFT JOIN debt ON debt.participant_id = p.id
LEFT JOIN known ON known.participant_id = p.id
LEFT JOIN house ON house.participant_id = p.id
LEFT JOIN delta ON delta.participant_id = p.id
LEFT JOIN edu ON edu.participant_id = p.id
LEFT JOIN paid ON paid.participant_id = p.id
"""
HAND_COLUMNS = [
    "population",
    "debt_free",
    "adequate_housing",
    "self_reliance_2_steps",
    "less_stress",
    "executive_functions_growth",
    "education_started_or_completed",
    "paid_work_within_2_years",
    "paid_work_after_2_years",
    "after_2_years_denominator",
]


def hand_written(programme, as_of: datetime.date) -> dict:
    """Run HAND_SQL: {population, <code>: numerator..., after_2_years_denominator}."""
    from django.db import connection, transaction

    from droomplan.instruments.models import Instrument

    ids = dict(Instrument.objects.filter(code__in=KPI).values_list("code", "pk"))
    params = {
        "programme": programme.pk,
        "d": as_of,
        "instruments": list(ids.values()),
        "brug": ids["brug"],
        "ladder": ids["participatieladder"],
        "pss": ids["pss-10"],
        "executive": ids["executive-skills"],
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")  # as the report does
        cursor.execute(HAND_SQL, params)
        return dict(zip(HAND_COLUMNS, cursor.fetchone(), strict=True))


# --- Building the data ------------------------------------------------------------------------


def build(n: int, seed: int = 7, *, start_at: int = 0) -> None:
    """Build participants `start_at`..`n` (0: remove the old benchmark data first)."""
    from django.db import connection, transaction

    from droomplan.cases.models import Participant, Status
    from droomplan.instruments.models import Instrument, Measurement, version_for
    from droomplan.lifedomains.models import Debt, Education, HousingStatus, WorkPlacement
    from droomplan.programmes.models import Cohort, Municipality, Programme

    rng = random.Random(seed + start_at)
    programme, _ = Programme.objects.get_or_create(code=CODE, defaults={"name": "Benchmark"})
    if not start_at and Participant.objects.filter(programme=programme).exists():
        print("Removing the previous benchmark data...", flush=True)
        with connection.cursor() as cursor:
            ids = f"SELECT id FROM cases_participant WHERE programme_id = {programme.pk}"
            for table in [
                "instruments_measurement",
                "lifedomains_debtroutechange",
                "lifedomains_debt",
                "lifedomains_housingstatus",
                "lifedomains_education",
                "lifedomains_workplacement",
            ]:
                if table == "lifedomains_debtroutechange":
                    cursor.execute(
                        f"DELETE FROM {table} WHERE debt_id IN (SELECT id FROM lifedomains_debt "  # noqa: S608
                        f"WHERE participant_id IN ({ids}))"
                    )
                else:
                    cursor.execute(f"DELETE FROM {table} WHERE participant_id IN ({ids})")  # noqa: S608
            cursor.execute(f"DELETE FROM cases_statuschange WHERE participant_id IN ({ids})")  # noqa: S608
            cursor.execute(f"DELETE FROM cases_participant WHERE programme_id = {programme.pk}")  # noqa: S608
    municipalities = [
        Municipality.objects.get_or_create(cbs_code=code, defaults={"name": name})[0]
        for code, name in [
            ("GM0935", "Maastricht"), ("GM1903", "Eijsden-Margraten"), ("GM1729", "Gulpen-Wittem"),
            ("GM0938", "Meerssen"), ("GM0981", "Vaals"), ("GM0994", "Valkenburg aan de Geul"),
        ]
    ]  # fmt: skip
    cohorts = []
    day = datetime.date(2022, 1, 10)
    for k in range(48):  # a new group every month for four years
        cohorts.append(
            Cohort.objects.get_or_create(
                programme=programme,
                code=f"b{k:02d}",
                defaults={"name": f"Bench {k}", "start_date": day},
            )[0]
        )
        day += datetime.timedelta(days=30)
    instruments = {
        i.code: i for i in Instrument.objects.filter(code__in=KPI + ["positieve-gezondheid"])
    }
    versions = {code: version_for(inst, programme.pk) for code, inst in instruments.items()}
    answers = {
        code: [
            {item.code: max(item.min_value, min(item.max_value, v)) for item in inst.item_list}
            for v in range(0, 11)
        ]
        for code, inst in instruments.items()
    }
    from droomplan.instruments.scoring import score

    totals = {
        code: [score(inst.definition(), a).total for a in answers[code]]
        for code, inst in instruments.items()
    }
    batch = 5000
    started = time.perf_counter()
    for offset in range(start_at, n, batch):
        people = []
        for i in range(offset, min(n, offset + batch)):
            cohort = cohorts[i % len(cohorts)]
            in_intake = i % 40 == 0
            start = (
                None
                if in_intake
                else cohort.start_date + datetime.timedelta(days=rng.randint(0, 20))
            )
            ended = (not in_intake) and i % 7 == 0
            people.append(
                Participant(
                    programme=programme, ref=f"B-{i:06d}", given_name="Bench", family_name=f"M{i}",
                    birth_date=datetime.date(2000, 1, 1), municipality=municipalities[i % 6],
                    cohort=cohort, intake_date=(start or cohort.start_date) - datetime.timedelta(days=14),
                    start_date=start, status=Status.INTAKE if in_intake else (Status.ENDED if ended else Status.ACTIVE),
                    end_date=start + datetime.timedelta(days=400) if ended else None,
                    end_reason="dropped_out" if ended else "",
                    # Most debt situations were inventoried two weeks after the start.
                    debt_inventory_on=start + datetime.timedelta(days=14) if start and i % 5 else None,
                )
            )  # fmt: skip
        with transaction.atomic():
            people = Participant.objects.bulk_create(people)
            debts, houses, edus, works, measures = [], [], [], [], []
            for p in people:
                s = p.start_date or p.intake_date
                for _k in range(rng.randint(0, 3)):
                    reg = s + datetime.timedelta(days=rng.randint(0, 300))
                    settled = (
                        reg + datetime.timedelta(days=rng.randint(30, 900))
                        if rng.random() < 0.7
                        else None
                    )
                    debts.append(
                        Debt(
                            participant=p,
                            creditor="Crediteur",
                            amount=500,
                            registered_on=reg,
                            settled_on=settled,
                        )
                    )
                for k in range(rng.randint(1, 3)):
                    houses.append(
                        HousingStatus(
                            participant=p,
                            date=s + datetime.timedelta(days=200 * k),
                            adequate=rng.random() < 0.6 + 0.15 * k,
                            situation="",
                        )
                    )
                if rng.random() < 0.5:
                    st = s + datetime.timedelta(days=rng.randint(-200, 600))
                    done = (
                        st + datetime.timedelta(days=rng.randint(200, 700))
                        if rng.random() < 0.4
                        else None
                    )
                    edus.append(
                        Education(
                            participant=p,
                            name="Opleiding",
                            level="mbo-2",
                            started_on=st,
                            completed_on=done,
                        )
                    )
                for _k in range(rng.randint(0, 2)):
                    works.append(
                        WorkPlacement(
                            participant=p,
                            kind=rng.choice(["paid", "paid_supported", "internship", "volunteer"]),
                            employer="Werkgever",
                            started_on=s + datetime.timedelta(days=rng.randint(0, 1100)),
                        )
                    )
                for code in KPI + ["positieve-gezondheid"]:
                    count = (
                        rng.randint(0, 2) if code == "positieve-gezondheid" else rng.randint(0, 5)
                    )
                    days = sorted(rng.sample(range(0, 900), count))
                    rng.shuffle(days)  # entered out of date order
                    for d in days:
                        v = rng.randint(0, 10)
                        measures.append(
                            Measurement(
                                participant=p,
                                instrument=instruments[code],
                                # bulk_create skips save(): the version is set here
                                instrument_version=versions[code],
                                taken_on=s + datetime.timedelta(days=d),
                                answers=answers[code][v],
                                total=totals[code][v],
                            )
                        )
            # fmt: skip
            Debt.objects.bulk_create(debts, batch_size=5000)
            HousingStatus.objects.bulk_create(houses, batch_size=5000)
            Education.objects.bulk_create(edus, batch_size=5000)
            WorkPlacement.objects.bulk_create(works, batch_size=5000)
            Measurement.objects.bulk_create(measures, batch_size=5000)
        done = min(n, offset + batch)
        print(
            f"\r  built {done:,}/{n:,} participants ({time.perf_counter() - started:.0f} s)",
            end="",
            flush=True,
        )
    print()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(function, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="build the data again")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from droomplan.cases.models import Participant
    from droomplan.instruments.models import Measurement
    from droomplan.outcomes import metrics, report
    from droomplan.programmes.models import Programme

    call_command("migrate", verbosity=0)
    programme = Programme.objects.filter(code=CODE).first()
    have = Participant.objects.filter(programme=programme).count() if programme else 0
    if args.rebuild or have != args.participants:
        start_at = have if (0 < have < args.participants and not args.rebuild) else 0
        print(f"Building {args.participants - start_at:,} participants on {connection.vendor}...")
        build(args.participants, start_at=start_at)
        programme = Programme.objects.get(code=CODE)
    measurements = Measurement.objects.filter(participant__programme=programme).count()
    print(
        f"Data: {args.participants:,} participants, {measurements:,} measurements ({connection.vendor})."
    )
    selection = metrics.Selection(programme)

    t_figures, built = timed(lambda: report.build(selection, AS_OF, external=False), args.runs)
    t_full, figures = timed(lambda: metrics.compute(selection, AS_OF), args.runs)
    results = [f"figures + breakdowns {t_figures:.3f} s", f"full with refs {t_full:.3f} s"]
    if connection.vendor == "postgresql":
        # The same session settings as the report (JIT off), so only the SQL differs.
        t_sql, hand = timed(lambda: hand_written(programme, AS_OF), args.runs)
        for code in metrics.CODES:
            assert hand[code] == figures.metrics[code].numerator, code
        assert (
            hand["after_2_years_denominator"]
            == figures.metrics["paid_work_after_2_years"].denominator
        )
        assert hand["population"] == figures.population == built.population.denominator
        results.append(f"hand-written SQL {t_sql:.3f} s")
        results.append(
            f"ratio figures/SQL {t_figures / t_sql:.2f}×, full/SQL {t_full / t_sql:.2f}×"
        )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Median of {args.runs} runs (load average {load} on {os.cpu_count()} cores): "
        + "; ".join(results)
    )
    for code, result in figures.metrics.items():
        print(f"  {code:32} {result.numerator:>7} / {result.denominator:<7} {result.percentage}%")
    ok = t_full < 2.0
    print("Target (< 2 s):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
