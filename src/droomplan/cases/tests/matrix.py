"""Ids for the access matrix (tests/test_access_matrix.py): the part of the case file whose
page is checked is the timeline of contacts (its notes are the most private). Every other
part has the same guard; `test_views.test_every_part_is_closed_to_who_may_not_see_it`
checks them all."""


def kwargs(world) -> dict:
    return {"part": "contacten"}
