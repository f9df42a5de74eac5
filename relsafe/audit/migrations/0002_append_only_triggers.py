"""The audit table refuses UPDATE and DELETE at the database, on PostgreSQL and SQLite alike, so
not even code that bypasses the service layer can quietly edit the trail.

TRUNCATE is a table owner's privilege: in production the application's database role must not own
the table (see docs/SECURITY.md), so it cannot truncate it either."""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = 'audit_auditevent is append-only: ' || TG_OP || ' refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_append_only
  BEFORE UPDATE OR DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_refuse_change();
"""
SQLITE_FORWARD = [
    """CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: DELETE refused'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete;",
]


def statements(vendor, install):
    if vendor == "postgresql":
        return [PG_FORWARD if install else PG_REVERSE]
    if vendor == "sqlite":
        return SQLITE_FORWARD if install else SQLITE_REVERSE
    return []


def forward(apps, schema_editor):
    for statement in statements(schema_editor.connection.vendor, True):
        schema_editor.execute(statement)


def reverse(apps, schema_editor):
    for statement in statements(schema_editor.connection.vendor, False):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, reverse)]
