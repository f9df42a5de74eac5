"""A submitted entry, and everything it names, is never updated: the database refuses UPDATE on
these tables, on PostgreSQL and SQLite alike, so not even code that goes round the service layer
can quietly edit an entry. (DELETE stays possible: a family's whole log goes when the family is
removed under the retention rules. A removed entry breaks the chain and the audit trail still
names it, so ``verify_evidence`` notices.)

What changes about an entry (review, passed to police) lives in ``evidence_entryhandling``, which
has no trigger."""

from django.db import migrations

TABLES = (
    "evidence_evidenceentry",
    "evidence_entryperson",
    "evidence_entryvehicle",
    "evidence_entryphone",
    "evidence_entryhandle",
    "evidence_entryphoto",
)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION evidence_refuse_update() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is written once: UPDATE refused';
END;
$$ LANGUAGE plpgsql;
"""


def statements(vendor, install):
    if vendor == "postgresql":
        if install:
            return [PG_FUNCTION] + [
                f"CREATE TRIGGER {table}_written_once BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION evidence_refuse_update();"
                for table in TABLES
            ]
        return [f"DROP TRIGGER IF EXISTS {table}_written_once ON {table};" for table in TABLES] + [
            "DROP FUNCTION IF EXISTS evidence_refuse_update();"
        ]
    if vendor == "sqlite":
        if install:
            return [
                f"CREATE TRIGGER {table}_written_once BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is written once: UPDATE refused'); END;"
                for table in TABLES
            ]
        return [f"DROP TRIGGER IF EXISTS {table}_written_once;" for table in TABLES]
    return []


def forward(apps, schema_editor):
    for statement in statements(schema_editor.connection.vendor, True):
        schema_editor.execute(statement)


def reverse(apps, schema_editor):
    for statement in statements(schema_editor.connection.vendor, False):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]
    operations = [migrations.RunPython(forward, reverse)]
