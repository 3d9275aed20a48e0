"""The id-list filters of `core.queries`: the same rows as ``pk__in`` on every database."""

import pytest

from droomplan.accounts.models import User
from droomplan.core.queries import pk_among, pk_is_one_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("among", [pk_among, pk_is_one_of])
def test_the_filters_keep_exactly_the_listed_rows(among):
    users = [User.objects.create(username=f"u{n}") for n in range(5)]
    listed = [users[0].pk, users[3].pk, users[3].pk, 10**9]  # a repeat, an id of no row
    assert sorted(User.objects.filter(among(listed)).values_list("pk", flat=True)) == sorted(
        {users[0].pk, users[3].pk}
    )
    assert not User.objects.filter(among([])).exists()
    # combined with another list, as a later caseload page is (pagination.CappedPaginator)
    both = User.objects.filter(among(listed)).filter(pk_is_one_of([users[3].pk, users[4].pk]))
    assert list(both.values_list("pk", flat=True)) == [users[3].pk]
