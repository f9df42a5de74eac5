"""Full-text search tables for SQLite (FTS5), kept in step with the records by triggers.

PostgreSQL needs nothing here: search uses its built-in full-text functions at query time.
Each FTS5 table is an external-content index over the plain ``search_text`` column that the
services fill; the triggers are the FTS5 documentation's pattern for external content tables.
"""

from django.db import migrations

TABLES = [("records_contact", "records_contact_fts"), ("records_chronologyentry", "records_chronologyentry_fts")]


def _statements(source: str, fts: str) -> list[str]:
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{source}', content_rowid='id', tokenize='porter unicode61')",
        f"INSERT INTO {fts}({fts}) VALUES('rebuild')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {source} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {source} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF search_text ON {source} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES('delete', old.id, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
    ]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for source, fts in TABLES:
        for sql in _statements(source, fts):
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for _source, fts in TABLES:
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
