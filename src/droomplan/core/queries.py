"""Query expressions shared by the apps' selectors."""

from django.db import connection
from django.db.models import BigIntegerField, BooleanField, F, Func, Q, Value
from django.db.models.expressions import RawSQL


class _PkIsOneOf(Func):
    """``pk = ANY(%s)`` with the ids as one array parameter (PostgreSQL): `pk__in` writes one
    placeholder per id, and 5,400 of them cost more to build and plan (100-300 ms) than the
    query takes to run (10 ms). How the caseload filters on the ids of the overdue and domain
    filters (540 and 900 at 100,000 families) and a partner's families on the ids of her valid
    consents (`access.policy.visible_participants`)."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def pk_is_one_of(ids: list[int]):
    """A filter: the primary key is one of `ids` (an id list read first, so PostgreSQL plans
    with the real number of rows instead of guessing from a subquery)."""
    if connection.vendor != "postgresql":
        return Q(pk__in=ids)
    from django.contrib.postgres.fields import ArrayField

    return _PkIsOneOf(F("pk"), Value(list(ids), output_field=ArrayField(BigIntegerField())))


def pk_among(ids: list[int]):
    """A filter: the primary key is among `ids`, for a list of up to a few thousand ids read
    first (the caseload's domain and overdue filters), written as a join with the list
    (``pk IN (SELECT unnest(%s))``, PostgreSQL) rather than ``pk = ANY(%s)``: PostgreSQL then
    reads the listed rows by their key and sorts them (1.5 ms for 900 of 100,000 families),
    where with ``ANY`` it walked the name index and tested every family against the list
    until it had a page (15,000 families, 10 ms), and on later pages, beside the page's own
    ``ANY`` (`pagination.CappedPaginator`), read the whole table (PostgreSQL before 17 probes
    the index once per pair of values of two lists on one column)."""
    if connection.vendor != "postgresql":
        return Q(pk__in=ids)
    return Q(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (list(ids),)))
