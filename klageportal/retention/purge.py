"""Deletion of rows with everything that refers to them, PROTECT included, for retention only (X-5).

Elsewhere PROTECT keeps a case's payments, history and sent forms from going by accident; when a case's
retention period has run out they are meant to go with it. `purge` deletes the rows that protect a row first,
found from the relations Django knows (hidden ones included), so a new model that points at a case with
PROTECT is taken along without a change here.
"""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.db import connections, models, transaction
from django.db.models import ForeignObjectRel, ManyToManyRel, QuerySet

from klageportal.cases.models import CaseEvent

MAX_DEPTH = 8


def history_delete(events: QuerySet[CaseEvent]) -> int:
    """Delete history lines: the one exception to X-2, for a case whose retention period has run out (X-5).

    `CaseEvent`'s own manager and instances refuse every change and deletion, and keep doing so; this plain
    queryset goes past them on purpose. On PostgreSQL the table's trigger refuses too, unless the transaction
    says that retention deletes (migration retention 0002): said for this one statement only. Nothing but
    retention may call it.
    """
    plain: QuerySet[CaseEvent] = models.QuerySet(model=CaseEvent).filter(pk__in=events.values("pk"))
    using = plain.db
    with transaction.atomic(using=using), _retention_delete_allowed(using):
        deleted, _by_model = plain.delete()
    return deleted


@contextmanager
def _retention_delete_allowed(using: str) -> Iterator[None]:
    """Let the history table's trigger pass deletes in this transaction, and stop it again afterwards."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('klageportal.retention_delete', 'on', true)")
    yield
    # After an error the savepoint's rollback takes the setting back with everything else.
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('klageportal.retention_delete', 'off', true)")


def _reverse_relations(model: type[models.Model]) -> list[ForeignObjectRel]:
    """Every relation pointing at the model, those without a related name ("+") too; many-to-many tables'
    rows are deleted by Django with the row itself."""
    relations = []
    for field in model._meta.get_fields(include_hidden=True):
        if field.auto_created and not field.concrete and field.is_relation and not isinstance(field, ManyToManyRel):
            relations.append(cast(ForeignObjectRel, field))
    return relations


def _related(relation: ForeignObjectRel, rows: QuerySet[Any]) -> QuerySet[Any]:
    return relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": rows.values("pk")})


def _protecting_first(rows: QuerySet[Any], counts: Counter[str], depth: int) -> None:
    """Delete what protects the rows, or protects what deleting them takes along, before the rows themselves."""
    if depth > MAX_DEPTH:
        raise RecursionError(f"{rows.model._meta.label}: relations nested deeper than {MAX_DEPTH}")
    for relation in _reverse_relations(rows.model):
        on_delete = relation.on_delete
        if on_delete is models.PROTECT:
            _purge(_related(relation, rows), counts, depth + 1)
        elif on_delete is models.CASCADE and relation.related_model is not rows.model:
            _protecting_first(_related(relation, rows), counts, depth + 1)


def _purge(rows: QuerySet[Any], counts: Counter[str], depth: int) -> None:
    if rows.model is CaseEvent:
        if deleted := history_delete(rows):
            counts[CaseEvent._meta.label] += deleted
        return
    _protecting_first(rows, counts, depth)
    _total, by_model = rows.delete()
    counts.update({label: n for label, n in by_model.items() if n})


def purge(rows: QuerySet[Any]) -> Counter[str]:
    """Delete the rows and everything that refers to them; the rows deleted per table ("cases.Party": 3)."""
    counts: Counter[str] = Counter()
    _purge(rows, counts, 0)
    return counts
