"""The percentile the benchmarks report (one definition for `bench_pages.py` and
`load_test.py`)."""

import math


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `p` % of the values at or
    below it (the p95 of 20 requests is the second slowest, of 40 the third slowest)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]
