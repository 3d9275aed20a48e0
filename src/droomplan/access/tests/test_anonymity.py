"""The pure k-anonymity functions of the research export."""

from droomplan.access import anonymity
from droomplan.access.anonymity import Person


def _people(*rows):
    return [Person(*row) for row in rows]


def test_generalise_levels():
    people = _people(("GM0935", 1999, 2, 2024), ("GM0981", 2003, 4, 2025))
    finest = {"municipality": 0, "birth_years": 0, "children": 0, "start_year": 0}
    first, second = anonymity.generalise(people, finest, k=1)
    assert first == {
        "municipality": "GM0935",
        "birth_years": "1995-1999",
        "children": "2",
        "start_year": "2024",
    }
    assert (second["birth_years"], second["children"]) == ("2000-2004", "3+")
    assert anonymity.generalise(people, finest, k=2)[0]["municipality"] == "other"
    coarse = {"municipality": 1, "birth_years": 1, "children": 1, "start_year": 1}
    assert anonymity.generalise(people, coarse, k=2) == [
        {"municipality": "*", "birth_years": "1990-1999", "children": "2+", "start_year": "*"},
        {"municipality": "*", "birth_years": "2000-2009", "children": "2+", "start_year": "*"},
    ]


def test_smallest_group():
    profiles = [{"municipality": "a", "birth_years": "b", "children": "1", "start_year": "x"}] * 3
    other = {"municipality": "a", "birth_years": "b", "children": "2", "start_year": "x"}
    assert anonymity.smallest_group(profiles + [other]) == 1
    assert anonymity.smallest_group(profiles) == 3
    assert anonymity.smallest_group([]) == 0


def test_choose_levels_takes_the_least_generalisation_that_reaches_k():
    people = _people(*[("GM0935", 2000 + i % 2, 1, 2024) for i in range(6)])
    chosen = anonymity.choose_levels(people, 5)
    assert chosen.levels == {"municipality": 0, "birth_years": 0, "children": 0, "start_year": 0}
    assert chosen.smallest == 6
    # Two start years of three mothers each: the start year must go.
    people = _people(*[("GM0935", 2000, 1, 2024 + i % 2) for i in range(6)])
    chosen = anonymity.choose_levels(people, 5)
    assert chosen.levels["start_year"] == 1 and chosen.smallest == 6


def test_too_few_mothers_cannot_reach_k():
    chosen = anonymity.choose_levels(_people(("GM0935", 2000, 1, 2024)) * 4, 5)
    assert chosen.smallest == 4
    assert set(chosen.levels.values()) != {0}
