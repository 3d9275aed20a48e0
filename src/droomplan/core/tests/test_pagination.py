"""The capped paginator counts at most `cap` + 1 rows (not every match), says honestly when
there are more, and keeps every page reachable."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from droomplan.accounts.models import User
from droomplan.core.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    for i in range(7):
        User.objects.create_user(username=f"u{i}", password=None)
    return User.objects.filter(username__startswith="u").order_by("username")


def test_below_the_cap_it_is_a_plain_paginator(users):
    paginator = CappedPaginator(users, 3, cap=10)
    assert not paginator.capped
    assert (paginator.count, paginator.num_pages) == (7, 3)
    page = paginator.get_page(3)
    assert [u.username for u in page] == ["u6"]
    assert not page.has_next()


def test_above_the_cap_it_says_more_and_every_page_stays_reachable(users):
    paginator = CappedPaginator(users, 2, cap=3)
    assert paginator.capped
    assert (paginator.count, paginator.num_pages) == (3, 2)
    page = paginator.get_page(3)  # beyond the counted rows
    assert [u.username for u in page] == ["u4", "u5"]
    assert page.has_next() and page.next_page_number() == 4
    assert (page.start_index(), page.end_index()) == (5, 6)
    last = paginator.get_page(4)
    assert [u.username for u in last] == ["u6"]
    assert not last.has_next() and last.has_previous()
    assert [u.username for u in paginator.get_page(99)] == ["u2", "u3"]  # the last counted
    assert [u.username for u in paginator.get_page("x")] == ["u0", "u1"]


def test_the_count_reads_at_most_cap_plus_one_ids_without_order(users):
    paginator = CappedPaginator(users, 2, cap=3)
    with CaptureQueriesContext(connection) as captured:
        assert paginator.count == 3
    (count,) = [q["sql"].upper() for q in captured.captured_queries]
    assert "LIMIT 4" in count
    assert "ORDER BY" not in count


def test_a_list_is_counted_too():
    paginator = CappedPaginator(list(range(5)), 2, cap=3)
    assert paginator.capped and paginator.count == 3
    assert list(paginator.get_page(3)) == [4]


def _with_figure(users):
    """The users with a per-row figure (a correlated subquery), like the caseload's counts."""
    from django.db.models import OuterRef, Subquery

    same = User.objects.filter(pk=OuterRef("pk")).values("username")[:1]
    return users.annotate(figure=Subquery(same))


@pytest.mark.parametrize("cap", [3, 10])  # above and below the cap
def test_a_later_page_computes_its_figures_for_the_rows_shown_only(users, cap):
    paginator = CappedPaginator(_with_figure(users), 2, cap=cap)
    paginator.count  # noqa: B018 (counted first, as a page view does)
    with CaptureQueriesContext(connection) as captured:
        page = paginator.page(3)
        rows = [(u.username, u.figure) for u in page]
    assert rows == [("u4", "u4"), ("u5", "u5")]  # the same rows, in the list's order
    ids, figures = [q["sql"].upper() for q in captured.captured_queries]
    assert "OFFSET 4" in ids and ids.count("SELECT") == 1  # the ids, without the figure
    assert "OFFSET" not in figures and figures.count("SELECT") == 2  # the figure, 2 rows


def test_the_first_page_is_one_query(users):
    paginator = CappedPaginator(_with_figure(users), 2, cap=3)
    paginator.count  # noqa: B018
    with CaptureQueriesContext(connection) as captured:
        assert [u.figure for u in paginator.page(1)] == ["u0", "u1"]
    assert len(captured.captured_queries) == 1
