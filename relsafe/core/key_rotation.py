"""Re-encrypting everything kept encrypted at rest under the newest key (``manage.py
rotate_encryption_keys``; docs/OPERATIONS.md, "Encryption at rest and key rotation").

Every model with an encrypted field is found by looking at the models (no app is imported here);
files are found through :func:`register_encrypted_files`. A row is rewritten only when one of its
tokens was made with an older key, so a run can be stopped and run again and a second run changes
nothing. Each batch is one transaction.

Tables that refuse an UPDATE (the evidence log's written-once triggers) register an *update guard*
(:func:`register_update_guard`): a context manager entered inside the batch's transaction around
the UPDATEs, which opens the sanctioned path and checks, before the batch commits, that what the
rows say has not changed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction

from relsafe.core import crypto, files

BATCH_SIZE = 500

UpdateGuard = Callable[[type[models.Model], list[int]], AbstractContextManager[None]]


@dataclass(frozen=True)
class EncryptedFiles:
    folder: str
    label: str
    stored_names: Callable[[], Iterable[str]]


_FILES: dict[str, EncryptedFiles] = {}
_GUARDS: dict[str, UpdateGuard] = {}


def register_encrypted_files(
    *, folder: str, label: str, stored_names: Callable[[], Iterable[str]]
) -> None:
    """Declare a folder of encrypted files (from ``AppConfig.ready``)."""
    _FILES[folder] = EncryptedFiles(folder=folder, label=label, stored_names=stored_names)


def register_update_guard(model_label: str, guard: UpdateGuard) -> None:
    """Let a table that refuses UPDATEs be re-encrypted: ``guard(model, pks)`` wraps the UPDATEs
    of one batch (from ``AppConfig.ready``)."""
    _GUARDS[model_label.lower()] = guard


@dataclass
class Tally:
    """One table's or folder's count: looked at, and rewritten (or, in a dry run, to rewrite)."""

    label: str
    checked: int = 0
    rotated: int = 0


@dataclass
class RotationReport:
    dry_run: bool
    tables: list[Tally] = field(default_factory=list)
    folders: list[Tally] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)

    @property
    def rotated(self) -> int:
        return sum(t.rotated for t in [*self.tables, *self.folders])

    def as_detail(self) -> dict[str, Any]:
        """What the audit entry records: counts only, never a value."""
        return {
            "dry_run": self.dry_run,
            "tables": {t.label: [t.checked, t.rotated] for t in self.tables},
            "folders": {t.label: [t.checked, t.rotated] for t in self.folders},
            "missing_files": len(self.missing_files),
            "keys": len(crypto.configured_keys()),
        }


def encrypted_models() -> list[tuple[type[models.Model], list[models.Field[Any, Any]]]]:
    """Every installed model with an encrypted column, with those columns."""
    found = []
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if getattr(f, "encrypted", False) and f.model is model
        ]
        if fields:
            found.append((model, fields))
    return sorted(found, key=lambda item: item[0]._meta.label)


def _batches(
    model: type[models.Model], columns: list[str], batch_size: int
) -> Iterator[list[tuple[Any, ...]]]:
    """Raw rows (primary key, then the tokens as stored), in primary-key order."""
    quote = connection.ops.quote_name
    pk = quote(model._meta.pk.column)
    table = quote(model._meta.db_table)
    # Quoted identifiers from the models, never input; values go as parameters.
    select = f"SELECT {pk}, {', '.join(quote(c) for c in columns)} FROM {table}"  # noqa: S608
    last: Any = None
    while True:
        with connection.cursor() as cursor:
            if last is None:
                cursor.execute(f"{select} ORDER BY {pk} LIMIT %s", [batch_size])
            else:
                cursor.execute(
                    f"{select} WHERE {pk} > %s ORDER BY {pk} LIMIT %s", [last, batch_size]
                )
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _rotate_table(
    model: type[models.Model],
    fields: list[models.Field[Any, Any]],
    *,
    dry_run: bool,
    batch_size: int,
) -> Tally:
    tally = Tally(label=model._meta.label)
    columns = [f.column for f in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
    pk_column = quote(model._meta.pk.column)
    update = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {pk_column} = %s"  # noqa: S608
    guard = _GUARDS.get(model._meta.label_lower)
    for rows in _batches(model, columns, batch_size):
        tally.checked += len(rows)
        stale = [row for row in rows if not all(crypto.is_under_newest_key(t) for t in row[1:])]
        tally.rotated += len(stale)
        if dry_run or not stale:
            continue
        changes = [(row[0], [crypto.rotate_token(t) for t in row[1:]]) for row in stale]
        with transaction.atomic():
            scope = guard(model, [pk for pk, _ in changes]) if guard else contextlib.nullcontext()
            with scope, connection.cursor() as cursor:
                for pk, new in changes:
                    cursor.execute(update, [*new, pk])
    return tally


def _rotate_folder(kind: EncryptedFiles, *, dry_run: bool, report: RotationReport) -> Tally:
    tally = Tally(label=kind.label)
    storage = files.file_storage()
    for stored_name in kind.stored_names():
        name = files.storage_name(kind.folder, stored_name)
        tally.checked += 1
        if not storage.exists(name):
            report.missing_files.append(name)
            continue
        if dry_run:
            with storage.open(name, "rb") as handle:
                head = handle.read()
            if not head.startswith(crypto.TOKEN_PREFIX.encode()) or not (
                crypto.is_under_newest_key(head.decode("ascii"))
            ):
                tally.rotated += 1
            continue
        if files.reencrypt_stored(folder=kind.folder, stored_name=stored_name):
            tally.rotated += 1
    return tally


def rotate(
    *,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str], None] = lambda line: None,
) -> RotationReport:
    """Re-encrypt every encrypted column and file under the newest key (or, with ``dry_run``,
    count what would be). Tokens no configured key opens raise :class:`crypto.CannotDecrypt`."""
    report = RotationReport(dry_run=dry_run)
    done = "to re-encrypt (dry run)" if dry_run else "re-encrypted"
    for model, fields in encrypted_models():
        tally = _rotate_table(model, fields, dry_run=dry_run, batch_size=batch_size)
        report.tables.append(tally)
        progress(f"{tally.label}: {tally.checked} row(s) checked, {tally.rotated} {done}")
    for kind in sorted(_FILES.values(), key=lambda k: k.folder):
        tally = _rotate_folder(kind, dry_run=dry_run, report=report)
        report.folders.append(tally)
        progress(f"{tally.label}: {tally.checked} file(s) checked, {tally.rotated} {done}")
    return report
