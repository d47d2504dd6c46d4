"""The database itself refuses to change a case event (X-2), whatever code runs.

PostgreSQL also refuses row deletes. SQLite only refuses updates: its test databases are emptied with
DELETE, and deletes are already refused by the model, its queryset and the protecting foreign key.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS cases_caseevent_no_update BEFORE UPDATE ON cases_caseevent
       BEGIN SELECT RAISE(ABORT, 'case events cannot be changed'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS cases_caseevent_no_update;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION cases_caseevent_immutable() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'case events cannot be changed or deleted'; END;
       $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER cases_caseevent_immutable BEFORE UPDATE OR DELETE ON cases_caseevent
       FOR EACH ROW EXECUTE FUNCTION cases_caseevent_immutable();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS cases_caseevent_immutable ON cases_caseevent;",
    "DROP FUNCTION IF EXISTS cases_caseevent_immutable();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
