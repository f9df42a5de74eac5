"""The database triggers that keep the audit table append-only, as SQL that migrations install and
that tests (and nobody else) may lift briefly to simulate tampering or to reset the database."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

_migration = importlib.import_module("relsafe.audit.migrations.0002_append_only_triggers")


def _run(install: bool) -> None:
    with connection.cursor() as cursor:
        for statement in _migration.statements(connection.vendor, install):
            cursor.execute(statement)


def install_triggers() -> None:
    _run(True)


def remove_triggers() -> None:
    _run(False)


def triggers_installed() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_auditevent'"
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_auditevent_append_only'"
            )
        return bool(cursor.fetchone()[0])


@contextmanager
def append_only_lifted() -> Iterator[None]:
    """Lift the triggers for the block, then put them back. For tests: a DBA's view of the table."""
    remove_triggers()
    try:
        yield
    finally:
        install_triggers()
