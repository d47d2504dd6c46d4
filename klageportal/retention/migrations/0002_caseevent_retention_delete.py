"""On PostgreSQL the database refuses every change and deletion of a case event (cases 0003, X-2). Retention
(X-5) is the one exception: the trigger lets a DELETE through while the transaction has set
`klageportal.retention_delete` to "on", which only `retention.purge.history_delete` does, for the statement that
deletes the lines of cases whose retention period has run out, and sets back at once. Updates stay refused.
"""

from django.db import migrations

RETENTION_EXCEPTION = """
CREATE OR REPLACE FUNCTION cases_caseevent_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('klageportal.retention_delete', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'case events cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
"""
NO_EXCEPTION = """
CREATE OR REPLACE FUNCTION cases_caseevent_immutable() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'case events cannot be changed or deleted'; END;
$$ LANGUAGE plpgsql;
"""


def _on_postgresql(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0001_initial"),
        ("cases", "0003_caseevent_immutable_trigger"),
    ]

    operations = [migrations.RunPython(_on_postgresql(RETENTION_EXCEPTION), _on_postgresql(NO_EXCEPTION))]
