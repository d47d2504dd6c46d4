"""Rows written for many others in one statement: `INSERT INTO … SELECT …` from a queryset.

bulk_create splits its rows into batches of at most 999 parameters on SQLite (a history line has seven
columns: 142 rows a statement), so its number of queries grows with the rows. An insert whose rows are the
result of a SELECT sends one statement however many rows it writes, on SQLite and PostgreSQL alike.
"""

from typing import Any, cast

from django.db import connections, models
from django.db.models import Value


def constant(value: Any, field: Any) -> Value:
    """A value the same in every inserted row, adapted to the database as the model's field would adapt it."""
    return Value(value, output_field=field)


def insert_from(*, into: type[models.Model], rows: models.QuerySet, columns: dict[str, Any]) -> int:
    """Insert one row of `into` per row of `rows`: column name → an expression on `rows` (an F, a constant).

    No model's save() runs and no signal is sent; the caller fills every column the model's save would fill.
    Returns the number of rows inserted.
    """
    aliases = {f"kp_insert_{index}": expression for index, expression in enumerate(columns.values())}
    select = rows.order_by().annotate(**aliases).values_list(*aliases)
    sql, params = select.query.sql_with_params()
    connection = connections[select.db]
    quote = connection.ops.quote_name
    targets = [quote(cast(models.Field, into._meta.get_field(name)).column or name) for name in columns]
    statement = f"INSERT INTO {quote(into._meta.db_table)} ({', '.join(targets)}) {sql}"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount
