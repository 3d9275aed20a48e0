"""k-anonymity for the research export (docs/privacy-rights.md): which facts could identify a
mother, how they are generalised, and the check that every combination of them is shared by
at least k mothers. Pure functions, no database.

Quasi-identifiers are the facts about her that someone outside the programme may know or find
out: where she lives, how old she is, how many children she has and when she started (her
group knows). The export never gives them exactly; it gives each at one of a few levels:

- municipality: the CBS code, with municipalities of fewer than k mothers in the export grouped
  as "other" · or not at all ("*");
- birth years: a band of 5 years · of 10 years · not at all;
- children: 0, 1, 2 or 3+ · 0-1 or 2+ · not at all;
- start year: the year · not at all.

`choose_levels` takes the least generalisation (the lowest total of levels; on a tie the start
year, then the municipality, then the birth years are kept finest) with which the smallest group
has at least k mothers. `smallest_group` is the independent check on the rows that are written:
the export is refused when it is below k."""

from collections import Counter
from dataclasses import dataclass
from itertools import product

QUASI_IDENTIFIERS = ("municipality", "birth_years", "children", "start_year")
ANY = "*"
OTHER = "other"

# Level names per quasi-identifier, finest first (for the export's description).
LEVELS: dict[str, tuple[str, ...]] = {
    "municipality": ("CBS code; municipalities with fewer than k mothers as 'other'", "not given"),
    "birth_years": ("band of 5 years", "band of 10 years", "not given"),
    "children": ("0, 1, 2, 3+", "0-1, 2+", "not given"),
    "start_year": ("year", "not given"),
}
# On a tie, generalise the last of these first.
KEEP_FIRST = ("start_year", "municipality", "birth_years", "children")


@dataclass(frozen=True)
class Person:
    """The exact quasi-identifiers of one mother (never written to the export)."""

    municipality: str
    birth_year: int
    children: int
    start_year: int


def _band(year: int, width: int) -> str:
    start = year - year % width
    return f"{start}-{start + width - 1}"


def _children(n: int, level: int) -> str:
    if level == 0:
        return str(n) if n < 3 else "3+"
    return "0-1" if n <= 1 else "2+"


def generalise(people: list[Person], levels: dict[str, int], k: int) -> list[dict]:
    """Each person's quasi-identifiers at `levels`, in order (the export's `profile`)."""
    counts = Counter(p.municipality for p in people)
    profiles = []
    for p in people:
        municipality = ANY
        if levels["municipality"] == 0:
            municipality = p.municipality if counts[p.municipality] >= k else OTHER
        birth = {0: lambda y: _band(y, 5), 1: lambda y: _band(y, 10)}.get(
            levels["birth_years"], lambda y: ANY
        )(p.birth_year)
        profiles.append(
            {
                "municipality": municipality,
                "birth_years": birth,
                "children": ANY
                if levels["children"] >= 2
                else _children(p.children, levels["children"]),
                "start_year": str(p.start_year) if levels["start_year"] == 0 else ANY,
            }
        )
    return profiles


def group_sizes(profiles: list[dict]) -> Counter:
    return Counter(tuple(p[q] for q in QUASI_IDENTIFIERS) for p in profiles)


def smallest_group(profiles: list[dict]) -> int:
    """k of these rows: the size of the smallest group of mothers who share every
    quasi-identifier (0 for no rows)."""
    sizes = group_sizes(profiles)
    return min(sizes.values()) if sizes else 0


def _lattice() -> list[dict[str, int]]:
    ranges = [range(len(LEVELS[q])) for q in QUASI_IDENTIFIERS]
    combos = [dict(zip(QUASI_IDENTIFIERS, levels, strict=True)) for levels in product(*ranges)]
    return sorted(combos, key=lambda c: (sum(c.values()), *(c[q] for q in KEEP_FIRST)))


@dataclass
class Generalisation:
    levels: dict[str, int]
    profiles: list[dict]
    smallest: int

    def describe(self) -> dict[str, str]:
        return {q: LEVELS[q][self.levels[q]] for q in QUASI_IDENTIFIERS}


def choose_levels(people: list[Person], k: int) -> Generalisation:
    """The least generalisation with which every group has at least `k` mothers; when none
    has (fewer than k mothers in all), the most general one, whose check then fails."""
    best = None
    for levels in _lattice():
        profiles = generalise(people, levels, k)
        best = Generalisation(levels, profiles, smallest_group(profiles))
        if best.smallest >= k:
            return best
    assert best is not None
    return best
