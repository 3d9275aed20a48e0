"""The benchmarks' percentile (`benchmarks/stats.py`): nearest rank, so the p95 of 20
requests is the second slowest (a rounding of 19.5 to 20 once made it the slowest)."""

import pytest

from benchmarks.stats import percentile


@pytest.mark.parametrize(
    "count, expected", [(1, 1), (10, 10), (19, 19), (20, 19), (21, 20), (40, 38), (946, 899)]
)
def test_the_p95_is_the_nearest_rank(count, expected):
    values = [float(n) for n in range(count, 0, -1)]  # any order
    assert percentile(values, 95) == expected


def test_the_median_and_no_values():
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    with pytest.raises(ValueError):
        percentile([], 95)
