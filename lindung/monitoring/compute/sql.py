"""The few SQL pieces that differ between SQLite and PostgreSQL (time differences, JSON arrays), and
the one way figures are written: `INSERT INTO monitoring_figure ... SELECT ... GROUP BY`, so that the
database aggregates a million rows and Python never sees them."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from ..models import Figure

FIGURE_COLUMNS = ("tenant_id", "programme_id", "cycle_id", "region", "key", "key2", "key3", "month", "count",
                  "count2", "amount")
DEFAULTS = {"programme_id": "NULL", "cycle_id": "NULL", "region": "''", "key": "''", "key2": "''", "key3": "''",
            "month": "NULL", "count": "0", "count2": "0", "amount": "NULL"}


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def days_between(start: str, end: str) -> str:
    """Days (with fractions) from timestamp `start` to timestamp `end`, as an SQL expression."""
    if is_postgres():
        return f"(EXTRACT(EPOCH FROM ({end}) - ({start})) / 86400.0)"
    return f"(julianday({end}) - julianday({start}))"


def year_text(date_expression: str) -> str:
    """The year of a date column as text ('2026')."""
    if is_postgres():
        return f"CAST(CAST(EXTRACT(YEAR FROM {date_expression}) AS INTEGER) AS VARCHAR(4))"
    return f"strftime('%%Y', {date_expression})"


def as_datetime(value: datetime):
    """A timestamp parameter in the form the backend compares with stored timestamps."""
    return connection.ops.adapt_datetimefield_value(value)


def as_date(value: date):
    return connection.ops.adapt_datefield_value(value)


def json_array(column: str, alias: str, path: str = "") -> str:
    """A FROM item yielding the elements of a JSON array column (optionally a key of it) as `alias.value`."""
    if is_postgres():
        source = f"{column}->'{path}'" if path else column
        # Anything but an array (a JSON null, a scalar) yields no element instead of an error.
        safe = f"CASE WHEN jsonb_typeof({source}) = 'array' THEN {source} ELSE '[]'::jsonb END"
        return f"CROSS JOIN LATERAL jsonb_array_elements({safe}) AS {alias}(value)"
    return f", json_each({column}, '$.{path}') AS {alias}" if path else f", json_each({column}) AS {alias}"


def json_text(expression: str, key: str) -> str:
    """The text of `key` in a JSON object expression."""
    if is_postgres():
        return f"({expression}->>'{key}')"
    return f"json_extract({expression}, '$.{key}')"


def json_is_array(expression: str, key: str) -> str:
    if is_postgres():
        return f"jsonb_typeof({expression}->'{key}') = 'array'"
    return f"json_type({expression}, '$.{key}') = 'array'"


def json_element_id(alias: str) -> str:
    """An array element (a number) as a bigint id."""
    if is_postgres():
        return f"CAST({alias}.value #>> '{{}}' AS BIGINT)"
    return f"CAST({alias}.value AS INTEGER)"


def insert_select(snapshot_id: int, topic: str, select_sql: str, params: list, columns: dict[str, str]) -> int:
    """INSERT the rows of `select_sql` (aliased as q) as figures: `columns` maps figure columns to SQL
    expressions over q; the rest take their defaults."""
    values = [columns.get(c, DEFAULTS.get(c)) for c in FIGURE_COLUMNS]
    names = ", ".join(connection.ops.quote_name(c) for c in ("snapshot_id", "topic", *FIGURE_COLUMNS))
    sql = (f"INSERT INTO {table(Figure)} ({names}) SELECT %s, %s, {', '.join(values)} "
           f"FROM ({select_sql}) q")
    with connection.cursor() as cursor:
        cursor.execute(sql, [snapshot_id, topic, *params])
        return max(cursor.rowcount, 0)


def insert_grouped(snapshot_id: int, topic: str, queryset: QuerySet, columns: dict[str, str]) -> int:
    """INSERT figures from an ORM `values(...).annotate(...)` query: `columns` maps figure columns to the
    query's aliases. The ORM writes the vendor's SQL for the grouping expressions."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter Django knows matches nothing
        return 0
    return insert_select(snapshot_id, topic, sql, list(params),
                         {figure: f"q.{connection.ops.quote_name(alias)}" for figure, alias in columns.items()})
