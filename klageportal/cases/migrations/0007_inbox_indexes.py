"""Indexes for the first instance's inbox (cases/inbox.py) at a million cases.

Btree indexes on the case for the authority's cases newest first (with and without a status) and by
submitted date, and on the decision's reference as compared case-insensitively. On PostgreSQL also trigram
indexes (pg_trgm) for the searches by part of a name or an address, which no btree serves; where the
extension cannot be created (no right to), those two are left out and the searches scan the authority's cases.
"""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models, transaction

TRIGRAM_INDEXES = (
    ("party_name_upper_trgm", "cases_party", "name"),
    ("case_location_address_upper_trgm", "cases_case", "location_address"),
)


def trigram_indexes_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # no right to create the extension: the searches work without these indexes
        return
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def trigram_indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_grouping_follow_party_post"),
        ("catalog", "0002_complainttype_name_en"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["authority", "status", "-created_at", "-id"], name="case_authority_status_created"
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["authority", "-created_at", "-id"], name="case_authority_created"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["authority", "-submitted_at", "-id"], name="case_authority_submitted"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                django.db.models.functions.text.Upper("decision_reference"), name="case_decision_reference_upper"
            ),
        ),
        migrations.RunPython(trigram_indexes_create, trigram_indexes_drop, elidable=True),
    ]
