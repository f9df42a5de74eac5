"""What migrations may import: operations and helpers that keep their meaning for ever.

A migration is history. It runs months later on a database that skipped a release, so whatever it
imports must do then exactly what it did when the migration was written: live app code (models,
services, ``search.py`` builders) changes with the app and would silently change old migrations.
This module imports only Django and the standard library and is frozen: change what a name does
and you change every migration that used it, so add a new name instead
(``tests/core/test_migrations.py`` checks that RunPython code comes only from migration files and
this module).

Safe on a large PostgreSQL (docs/ARCHITECTURE.md, "Migrations"):

* :func:`backfill` - a data backfill in a migration of its own (``atomic = False``), a batch of
  rows per transaction in primary-key order, through ``apps.get_model``, so no long transaction
  holds locks on a busy table and a stopped run can simply be run again.
* :class:`AddIndexConcurrently` - an index on a table that already holds data, built with
  ``CREATE INDEX CONCURRENTLY`` (writes carry on while it builds) in a non-atomic migration; on
  SQLite, a plain ``CREATE INDEX``.
* :func:`postgres_gin_operation` and :func:`sqlite_fts_operation` - the full-text search index of
  each searchable table (``relsafe.core.search``); the GIN index is built concurrently when its
  migration is non-atomic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.postgres import operations as postgres_operations
from django.db import migrations, transaction

BATCH_SIZE = 500

# ---------------------------------------------------------------------------------------------
# Data backfills
# ---------------------------------------------------------------------------------------------


def backfill(
    app_label: str,
    model_name: str,
    *,
    fields: Iterable[str],
    fill: Callable[[Any, Any], bool],
    where: Mapping[str, Any] | None = None,
    undo: Mapping[str, Any] | None = None,
    batch_size: int = BATCH_SIZE,
) -> migrations.RunPython:
    """A batched data backfill. ``fill(model, row)`` sets ``fields`` on a row of the historical
    ``model`` and says whether it changed it; rows matching ``where`` are visited in primary-key
    order, ``batch_size`` to a transaction. ``undo`` is the values going backwards (a no-op when
    not given). The row logic must live in the migration file, frozen as it stood."""
    names = list(fields)

    def forwards(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        alias = schema_editor.connection.alias
        rows = model._base_manager.using(alias).filter(**(where or {})).order_by("pk")
        last_pk = None
        while True:
            with transaction.atomic(using=alias):
                page = rows if last_pk is None else rows.filter(pk__gt=last_pk)
                batch = list(page[:batch_size])
                if not batch:
                    return
                changed = [row for row in batch if fill(model, row)]
                model._base_manager.using(alias).bulk_update(changed, names)
            last_pk = batch[-1].pk

    def backwards(apps: Any, schema_editor: Any) -> None:
        if not undo:
            return
        model = apps.get_model(app_label, model_name)
        model._base_manager.using(schema_editor.connection.alias).update(**undo)

    operation = migrations.RunPython(forwards, backwards, elidable=False)
    operation.batched_backfill = True  # type: ignore[attr-defined]
    return operation


# The search_text builder as it stood when search was added (relsafe.core.search.search_document):
# a record's words, one part per line, without control characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def search_document_v1(*parts: str | None) -> str:
    cleaned = (_CONTROL.sub(" ", p).strip() for p in parts if p)
    return "\n".join(p for p in cleaned if p)


# ---------------------------------------------------------------------------------------------
# Indexes
# ---------------------------------------------------------------------------------------------


class AddIndexConcurrently(postgres_operations.AddIndexConcurrently):
    """``CREATE INDEX CONCURRENTLY`` on PostgreSQL (the migration must set ``atomic = False``);
    a plain index on SQLite, which has no such thing and no concurrent writers to spare."""

    def database_forwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, *args)
        else:
            migrations.AddIndex.database_forwards(self, app_label, schema_editor, *args)

    def database_backwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, *args)
        else:
            migrations.AddIndex.database_backwards(self, app_label, schema_editor, *args)


def gin_index_name(table: str) -> str:
    return f"{table}_search_gin"


def postgres_gin_operation(*tables: str) -> migrations.RunPython:
    """GIN indexes on ``to_tsvector('english', search_text)``, the expression ``EnglishVector``
    writes. Only on PostgreSQL; SQLite has its FTS5 tables instead.

    In a non-atomic migration the index is built ``CONCURRENTLY``, so the table stays writable; an
    invalid index left by an interrupted concurrent build is dropped and built again."""

    def create(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        concurrently = "" if schema_editor.connection.in_atomic_block else "CONCURRENTLY "
        for table in tables:
            name = gin_index_name(table)
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT NOT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = "
                    "i.indexrelid WHERE c.relname = %s",
                    [name],
                )
                found = cursor.fetchone()
            if found and found[0]:
                schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {name}")
            schema_editor.execute(
                f"CREATE INDEX {concurrently}IF NOT EXISTS {name} ON {table} "
                "USING gin (to_tsvector('english'::regconfig, search_text))"
            )

    def drop(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        concurrently = "" if schema_editor.connection.in_atomic_block else "CONCURRENTLY "
        for table in tables:
            schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {gin_index_name(table)}")

    operation = migrations.RunPython(create, drop, elidable=False)
    operation.builds_index_concurrently = True  # type: ignore[attr-defined]
    return operation


def fts_statements(source: str) -> list[str]:
    """Table names come from the migrations' constants, never from input."""
    fts = f"{source}_fts"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{source}', "
        "content_rowid='id', tokenize='porter unicode61')",
        f"INSERT INTO {fts}({fts}) VALUES('rebuild')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {source} BEGIN "  # noqa: S608
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {source} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) "
        "VALUES('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF search_text ON {source} BEGIN "  # noqa: S608
        f"INSERT INTO {fts}({fts}, rowid, search_text) "
        "VALUES('delete', old.id, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
    ]


def sqlite_fts_operation(*tables: str) -> migrations.RunPython:
    """FTS5 external-content tables over ``search_text``, with the triggers from the FTS5
    documentation. Does nothing on PostgreSQL.

    A later migration that makes SQLite rebuild one of these tables (some AlterField operations)
    drops its triggers; ``tests/core/test_search.py`` checks they are all there."""

    def create(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        for table in tables:
            for sql in fts_statements(table):
                schema_editor.execute(sql)

    def drop(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        for table in tables:
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")

    return migrations.RunPython(create, drop, elidable=False)


# ---------------------------------------------------------------------------------------------
# Encryption at rest (relsafe.core.crypto)
# ---------------------------------------------------------------------------------------------

FERNET_TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - how every Fernet token starts, not a secret


def _multifernet_v1() -> Any:
    """The keys in settings now, newest first, as a MultiFernet (Fernet tokens, version 0x80)."""
    from cryptography.fernet import Fernet, MultiFernet
    from django.conf import settings

    keys = [k.strip() for k in (settings.FIELD_ENCRYPTION_KEYS or []) if k and k.strip()]
    if not keys:
        raise RuntimeError("FIELD_ENCRYPTION_KEYS is empty: cannot encrypt existing rows.")
    return MultiFernet([Fernet(k.encode()) for k in keys])


def _rewrite_columns(
    schema_editor: Any, table: str, columns: Iterable[str], change: Callable[[str], str]
) -> None:
    """Every non-empty value of ``columns`` in ``table`` passed through ``change``, by raw SQL in
    primary-key order (the migration's own transaction holds it together with the schema change)."""
    names = list(columns)
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    # Quoted identifiers from the migration itself, never input; values go as parameters.
    select = f"SELECT {quote('id')}, {', '.join(quote(c) for c in names)} FROM {quote(table)} "  # noqa: S608
    assignments = ", ".join(f"{quote(c)} = %s" for c in names)
    update = f"UPDATE {quote(table)} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608
    last_id = None
    with connection.cursor() as cursor:
        while True:
            if last_id is None:
                cursor.execute(select + f"ORDER BY {quote('id')} LIMIT %s", [BATCH_SIZE])
            else:
                cursor.execute(
                    select + f"WHERE {quote('id')} > %s ORDER BY {quote('id')} LIMIT %s",
                    [last_id, BATCH_SIZE],
                )
            rows = cursor.fetchall()
            if not rows:
                return
            for row_id, *values in rows:
                new = [change(v) if v else v for v in values]
                if new != list(values):
                    cursor.execute(update, [*new, row_id])
            last_id = rows[-1][0]


def encrypt_columns_v1(table: str, *columns: str) -> migrations.RunPython:
    """Encrypt the existing plaintext of ``columns`` with the newest key (forwards) and decrypt it
    again (backwards). ``NULL`` and ``""`` stay as they are; a value that already is a token is
    left alone, so a run that was stopped can be run again."""
    from cryptography.fernet import InvalidToken

    def forwards(apps: Any, schema_editor: Any) -> None:
        fernet = _multifernet_v1()

        def encrypt(value: str) -> str:
            if value.startswith(FERNET_TOKEN_PREFIX):
                try:
                    fernet.decrypt(value.encode("ascii"))
                    return value
                except (InvalidToken, UnicodeEncodeError):
                    pass  # plaintext that merely starts like a token
            return str(fernet.encrypt(value.encode("utf-8")).decode("ascii"))

        _rewrite_columns(schema_editor, table, columns, encrypt)

    def backwards(apps: Any, schema_editor: Any) -> None:
        fernet = _multifernet_v1()

        def decrypt(value: str) -> str:
            return str(fernet.decrypt(value.encode("ascii")).decode("utf-8"))

        _rewrite_columns(schema_editor, table, columns, decrypt)

    return migrations.RunPython(forwards, backwards, elidable=False)
