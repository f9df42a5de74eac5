"""The database triggers that keep the audit table append-only, as SQL that migrations install and
that tests (and nobody else) may lift briefly to simulate tampering or to reset the database."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections

_migration = importlib.import_module("relsafe.audit.migrations.0002_append_only_triggers")


def _run(install: bool, using: str) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        for statement in _migration.statements(connection.vendor, install):
            cursor.execute(statement)


def install_triggers(*, using: str = DEFAULT_DB_ALIAS) -> None:
    _run(True, using)


def remove_triggers(*, using: str = DEFAULT_DB_ALIAS) -> None:
    _run(False, using)


def triggers_installed(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """True when every append-only trigger the migration installs is there (``using`` lets the
    restore drill ask the same of a restored copy)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'audit_auditevent' "
                "AND name IN ('audit_auditevent_no_update', 'audit_auditevent_no_delete')"
            )
            return bool(cursor.fetchone()[0] == 2)
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_auditevent_append_only' "
            "AND tgrelid = 'audit_auditevent'::regclass"
        )
        return bool(cursor.fetchone()[0])


@contextmanager
def append_only_lifted(*, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Lift the triggers for the block, then put them back. For tests: a DBA's view of the table."""
    remove_triggers(using=using)
    try:
        yield
    finally:
        install_triggers(using=using)
