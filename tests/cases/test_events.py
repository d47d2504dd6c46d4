"""X-2: every action on a case is in its history and cannot be edited — not by the model, not by SQL."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from klageportal.cases.models import Case, CaseEvent, ImmutableEventError
from klageportal.cases.services.events import case_event_add

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite test databases are emptied with DELETE, so only updates are refused",
)


@pytest.fixture
def event(make_case, filer):
    return case_event_add(case=make_case(), kind=CaseEvent.Kind.NOTE, text="Notat skrevet", actor=filer)


def _stored_text(event: CaseEvent) -> str:
    return CaseEvent.objects.values_list("text", flat=True).get(pk=event.pk)


def test_event_records_who_what_and_when(event, filer):
    """X-2"""
    stored = CaseEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.actor_name, stored.text) == (filer, filer.display_name, "Notat skrevet")
    assert stored.at is not None


def test_saving_a_changed_event_raises(event):
    """X-2"""
    event.text = "Omskrevet historik"
    with pytest.raises(ImmutableEventError):
        event.save()
    assert _stored_text(event) == "Notat skrevet"


def test_saving_a_fetched_event_unchanged_raises(event):
    """X-2: an event is written once; even a save without changes is refused."""
    with pytest.raises(ImmutableEventError):
        CaseEvent.objects.get(pk=event.pk).save()


def test_saving_a_new_instance_with_an_existing_pk_raises(event):
    """X-2: overwriting a row by building an instance with its primary key is refused."""
    impostor = CaseEvent(pk=event.pk, case=event.case, kind=event.kind, text="Falsk")
    with pytest.raises(ImmutableEventError):
        impostor.save()
    assert _stored_text(event) == "Notat skrevet"


def test_deleting_an_event_raises(event):
    """X-2"""
    with pytest.raises(ImmutableEventError):
        event.delete()
    assert CaseEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_raises(event):
    """X-2"""
    with pytest.raises(ImmutableEventError):
        CaseEvent.objects.filter(pk=event.pk).update(text="Omskrevet")
    assert _stored_text(event) == "Notat skrevet"


def test_queryset_delete_raises(event):
    """X-2"""
    with pytest.raises(ImmutableEventError):
        CaseEvent.objects.filter(pk=event.pk).delete()
    assert CaseEvent.objects.filter(pk=event.pk).exists()


def test_update_through_the_case_relation_raises(event):
    """X-2: case.events is the same guarded queryset."""
    with pytest.raises(ImmutableEventError):
        event.case.events.update(text="Omskrevet")
    with pytest.raises(ImmutableEventError):
        event.case.events.all().delete()


def test_bulk_update_raises(event):
    """X-2"""
    event.text = "Omskrevet"
    with pytest.raises(ImmutableEventError), transaction.atomic():
        CaseEvent.objects.bulk_update([event], ["text"])
    assert _stored_text(event) == "Notat skrevet"


def test_case_with_history_cannot_be_deleted(event):
    """X-2: deleting the case would take its history with it."""
    with pytest.raises(ProtectedError):
        Case.objects.filter(pk=event.case_id).delete()
    assert CaseEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_update_is_refused_by_the_database(event):
    """X-2: the trigger refuses an UPDATE that bypasses the ORM."""
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE cases_caseevent SET text = %s WHERE id = %s", ["Omskrevet", event.pk])
    assert _stored_text(event) == "Notat skrevet"


def test_upsert_over_an_event_is_refused_by_the_database(event):
    """X-2: INSERT … ON CONFLICT DO UPDATE is an update too."""
    impostor = CaseEvent(pk=event.pk, case=event.case, kind=event.kind, text="Omskrevet", data={})
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseEvent.objects.bulk_create([impostor], update_conflicts=True, unique_fields=["id"], update_fields=["text"])
    assert _stored_text(event) == "Notat skrevet"


@needs_postgresql
def test_raw_sql_delete_is_refused_by_the_database(event):
    """X-2 (PostgreSQL): the trigger also refuses a DELETE that bypasses the ORM."""
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_caseevent WHERE id = %s", [event.pk])
    assert CaseEvent.objects.filter(pk=event.pk).exists()
