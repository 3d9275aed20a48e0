"""Benchmark: the internal outcome XLSX/CSV (what the lead's background job writes) at
province scale, time and peak memory.

Not a test, no database: builds an in-memory report with `--participants` case numbers (eight
figures; every participant in each denominator, half in each numerator, a tenth "not
measured": 12.8 case numbers listed per participant, the worst case) and writes it with
`outcomes.exports.write` into a temporary file, as the job does. Prints rows, seconds (wall
clock and CPU: on a shared machine the CPU time is the steadier figure) and the process's peak
RSS (`ru_maxrss`, which includes Python and Django, about 60 MB).

    .venv/bin/python benchmarks/bench_xlsx.py --participants 100000 --fmt xlsx
    .venv/bin/python benchmarks/bench_xlsx.py --participants 100000 --fmt csv

Target (issue 18): the 100k-participant XLSX in at most 30 s and 300 MB."""

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "droomplan.settings.local")


def build_report(n: int):
    from droomplan.outcomes.metrics import METRICS, MetricResult
    from droomplan.outcomes.report import Group, Report, Value

    refs = [f"DP-{i:06d}" for i in range(n)]
    results = {
        m.code: MetricResult(
            code=m.code,
            numerator=n // 2,
            denominator=n,
            numerator_refs=refs[: n // 2],
            denominator_refs=refs,
            unknown=n // 10,
            unknown_refs=refs[-(n // 10) :],
        )
        for m in METRICS
    }
    values = {m.code: Value(n // 2, n, n // 10) for m in METRICS}
    groups = [
        Group(code=f"g{i}", name=f"Groep {i}", population=Value(0, n // 20), values=values)
        for i in range(20)
    ]
    programme = SimpleNamespace(code="bench", name="Benchmark")
    return Report(
        selection=SimpleNamespace(programme=programme),
        as_of=datetime.date(2026, 6, 30),
        external=False,
        threshold=5,
        population=Value(0, n),
        values=values,
        by_cohort=groups,
        by_municipality=groups,
        figures=SimpleNamespace(metrics=results, population_refs=refs),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--fmt", choices=["xlsx", "csv"], default="xlsx")
    args = parser.parse_args()
    import django

    django.setup()
    from django.utils import translation

    from droomplan.outcomes import exports

    translation.activate("nl")
    report = build_report(args.participants)
    refs = sum(
        len(r.denominator_refs) + len(r.numerator_refs) + len(r.unknown_refs)
        for r in report.figures.metrics.values()
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryFile() as out:
        exports.write(report, args.fmt, out)
        size = out.tell()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.fmt}: {args.participants} participants, {refs} case numbers listed, "
        f"{size / 1e6:.1f} MB file, {seconds:.1f} s ({cpu:.1f} s CPU), peak RSS {peak:.0f} MB "
        f"(before writing {before:.0f} MB)"
    )


if __name__ == "__main__":
    main()
