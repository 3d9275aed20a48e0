"""A paginator whose count stops at a cap, for lists that can match very many rows (the
caseload at province scale: a search for "Jansen" matches 2,500 families at 100,000).

Django's `Paginator` counts every matching row before it takes a page (`COUNT(*)` over all of
them), so the cost of a page grows with the matches, not with the rows shown. `CappedPaginator`
counts at most `cap` + 1 rows (`SELECT COUNT(*) FROM (SELECT id … LIMIT cap + 1)`, without the
list's order and annotations). When there are more, the list says so honestly ("more than
1,000", `capped`) and every page stays reachable: a page beyond the counted ones is read with
one row more than it shows, which tells whether there is a next page. docs/performance.md"""

from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet

from .queries import pk_is_one_of

COUNT_CAP = 1000


class CappedPage(Page):
    """A page of a capped list (`CappedPaginator.capped`): whether a next page exists is
    known from the rows read, not from a total."""

    def __init__(self, object_list, number, paginator, *, has_next: bool):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next

    def end_index(self) -> int:
        return self.start_index() + len(self) - 1


class CappedPaginator(Paginator):
    """`Paginator` with a count that reads at most `cap` + 1 rows. `count` is the exact number
    up to `cap`; above it `capped` is true and `count` is `cap` (show "more than {cap}")."""

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _counted(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            # only the ids, no order and no per-row figures: the cheapest rows to count
            return rows.order_by().values("pk")[: self.cap + 1].count()
        return min(len(rows), self.cap + 1)

    @property
    def capped(self) -> bool:
        """More rows match than were counted."""
        return self._counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    def validate_number(self, number):
        if not self.capped:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def _capped_page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self._rows(bottom, bottom + self.per_page + 1))
        if not rows:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows[: self.per_page], number, self, has_next=len(rows) > self.per_page)

    def _rows(self, bottom: int, top: int):
        """The rows `bottom` to `top` of the list. For a later page of a query with per-row
        figures (annotations: correlated subqueries), PostgreSQL would compute those figures
        for every row it skips (`OFFSET`) as well as for the rows shown: page 10 of the
        caseload computed them for 500 families. So the page's ids are read first, without
        the figures (one query), and the figures only for those rows."""
        rows = self.object_list
        if not isinstance(rows, QuerySet) or bottom == 0 or not rows.query.annotations:
            return rows[bottom:top]
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        return rows.filter(pk_is_one_of(ids)) if ids else rows.none()

    def page(self, number):
        if not self.capped:
            number = self.validate_number(number)
            bottom = (number - 1) * self.per_page
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            return self._get_page(self._rows(bottom, top), number, self)
        return self._capped_page(number)

    def get_page(self, number):
        if not self.capped:
            return super().get_page(number)
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            # beyond the last row: the last counted page (page 1 if there is nothing left)
            return self.page(self.num_pages)
