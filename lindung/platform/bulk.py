"""Set-based writes for the bulk paths (participants import, monthly bills, reconciliation).

Django's `bulk_create` on SQLite splits inserts into batches of 999 parameters (58 rows of a
17-column table), which makes 100,000 rows cost thousands of statements; `executemany` of one
prepared INSERT does the same work in one pass on SQLite and pipelines on psycopg 3. Nothing here
runs model `save()`: callers supply every column a `save()` would have filled (auto_now, derived).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import QuerySet

BATCH = 5000


def _batches(rows: Iterable, size: int):
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """INSERT every row (values in `fields` order, Python values); returns the number inserted."""
    opts = model._meta
    concrete = [opts.get_field(name) for name in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in concrete)
    placeholders = ", ".join(["%s"] * len(concrete))
    sql = f"INSERT INTO {connection.ops.quote_name(opts.db_table)} ({columns}) VALUES ({placeholders})"
    # Both drivers adapt str, int, Decimal and date themselves; only a datetime needs Django's
    # preparation (aware -> the backend's storage form). Preparing every value would triple the cost.
    # Bulk rows share one timestamp ("now"), so each distinct value is prepared once.
    prepared = {i: {} for i, f in enumerate(concrete) if isinstance(f, models.DateTimeField)}
    count = 0
    with connection.cursor() as cursor:
        for chunk in _batches(rows, BATCH):
            if prepared:
                chunk = [list(row) for row in chunk]
                for row in chunk:
                    for i, seen in prepared.items():
                        value = row[i]
                        if value not in seen:
                            seen[value] = concrete[i].get_db_prep_save(value, connection)
                        row[i] = seen[value]
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def insert_from_select(model: type[models.Model], columns: dict[str, models.Expression], source: QuerySet) -> int:
    """INSERT INTO model (columns) SELECT <expressions> FROM source: the database does the whole
    copy. `columns` maps each target field to an expression over `source`'s model."""
    opts = model._meta
    # Annotations are selected in the order they were added; values() of annotations only keeps it.
    aliases = {f"_c{i}": expr for i, expr in enumerate(columns.values())}
    select = source.annotate(**aliases).values(*aliases)
    try:
        sql, params = select.query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter Django knows matches nothing: there is nothing to copy
        return 0
    target = ", ".join(connection.ops.quote_name(opts.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {connection.ops.quote_name(opts.db_table)} ({target}) {sql}", params)
        return cursor.rowcount


def chunked_in(queryset: QuerySet, field: str, values: Iterable, size: int = 900) -> Iterable:
    """`queryset.filter(field__in=values)` in slices small enough for SQLite's parameter limit."""
    for chunk in _batches(values, size):
        yield from queryset.filter(**{f"{field}__in": chunk})
