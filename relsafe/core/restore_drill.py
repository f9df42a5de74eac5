"""The restore drill (security checklist item 32): back up the configured database the way an
operator would, restore the backup into a scratch place, and prove the copy is whole — the same
number of rows in every table, and an audit hash chain that still verifies.

It lives in ``core``, not ``audit``, because it backs up and checks the whole database (every
app's tables); the audit chain is one of its checks and reuses ``relsafe.audit.services``
(``verify_chain``/``verify_anchors`` with ``using=``) on a database alias added at run time.

Nothing is written to the live database. The live row counts are read in the same snapshot the
backup copies (PostgreSQL: an exported snapshot that ``pg_dump --snapshot`` reuses; SQLite: one
read transaction around the online backup), so even a busy database gives equal counts. If they
ever differ, the report names each model with both numbers instead of stopping.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.utils import timezone
from django.utils.connection import ConnectionDoesNotExist

from relsafe.audit.maintenance import triggers_installed
from relsafe.audit.models import AuditEvent
from relsafe.audit.services import AnchorReport, ChainReport, verify_anchors, verify_chain

#: The database alias the restored copy is reachable under while it is checked.
RESTORED_ALIAS = "restore_drill"
SCRATCH_SUFFIX = "_restore_drill"
PG_TOOLS = ("pg_dump", "pg_restore", "createdb", "dropdb")
_PG_IDENTIFIER_BYTES = 63
# Connection OPTIONS the PostgreSQL client tools read from the environment instead.
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}


class DrillError(Exception):
    """A step of the drill could not run (a tool is missing, a dump or restore failed); the
    message says which step and why."""


@dataclass(frozen=True)
class Table:
    label: str
    db_table: str


@dataclass(frozen=True)
class CountDifference:
    model: str
    live: int
    restored: int | None  # None: the table is missing from the restored copy


@dataclass
class DrillReport:
    """What the drill measured and found. ``problems`` is empty when the restore is proven."""

    vendor: str
    database: str
    scratch: str
    backup_taken_at: str
    backup_method: str
    backup_seconds: float
    backup_bytes: int
    restore_method: str
    restore_seconds: float
    verify_seconds: float
    models_checked: int
    rows_checked: int
    count_differences: list[CountDifference]
    chain: ChainReport
    anchors: AnchorReport
    append_only_trigger: bool
    integrity_check: str | None  # SQLite's PRAGMA integrity_check; None on PostgreSQL
    newest_audit_entry_id: int | None
    newest_audit_entry_age_seconds: float | None
    backup_interval_hours: float
    problems: list[str]
    kept: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rto_seconds(self) -> float:
        """Time to get the data back (restore alone): the RTO for this data size."""
        return self.restore_seconds

    @property
    def rpo_hours(self) -> float:
        """Worst case of work lost: the gap between scheduled backups, plus the time a backup takes
        before it exists (a failure just before the next backup finishes loses everything since the
        previous snapshot)."""
        return self.backup_interval_hours + self.backup_seconds / 3600

    def as_dict(self) -> dict[str, Any]:
        """The JSON report (keys listed in docs/OPERATIONS.md). Durations keep microseconds: a small
        SQLite restore takes well under a millisecond, and rounding it to 0.0 would hide it."""
        data = asdict(self)
        for key in ("backup_seconds", "restore_seconds", "verify_seconds"):
            data[key] = round(data[key], 6)
        data.update(
            ok=self.ok, rto_seconds=round(self.rto_seconds, 6), rpo_hours=round(self.rpo_hours, 6)
        )
        return data


class _Cursor(Protocol):
    def execute(self, sql: str, /) -> Any: ...
    def fetchone(self) -> Any: ...


def concrete_tables() -> list[Table]:
    """Every table Django manages, many-to-many tables included. Unmanaged and proxy models have
    no table of their own to check."""
    tables: dict[str, Table] = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.managed and not opts.proxy:
            tables.setdefault(opts.db_table, Table(opts.label, opts.db_table))
    return sorted(tables.values(), key=lambda t: t.label)


def _count_rows(
    cursor: _Cursor, tables: list[Table], quote: Callable[[str], str]
) -> dict[str, int | None]:
    counts: dict[str, int | None] = {}
    for table in tables:
        try:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table.db_table)}")  # noqa: S608 - Django's own table names, quoted
        except (DatabaseError, sqlite3.DatabaseError):
            counts[table.label] = None
            continue
        counts[table.label] = int(cursor.fetchone()[0])
    return counts


def scratch_database_name(live_name: str) -> str:
    """``<live>_restore_drill``: unique per live database, so each pytest-xdist worker's test
    database (``test_<name>_gw0``…) gets its own. Names past PostgreSQL's 63 bytes keep a hash of
    the full name instead of being cut silently by the server (and colliding)."""
    name = f"{live_name}{SCRATCH_SUFFIX}"
    if len(name.encode()) <= _PG_IDENTIFIER_BYTES:
        return name
    tail = f"_{hashlib.sha256(live_name.encode()).hexdigest()[:8]}{SCRATCH_SUFFIX}"
    head = live_name.encode()[: _PG_IDENTIFIER_BYTES - len(tail)].decode(errors="ignore")
    return head + tail


def require_tool(name: str) -> str:
    """The full path of a PostgreSQL client tool, or a DrillError saying how to get it."""
    path = shutil.which(name)
    if path is None:
        raise DrillError(
            f"{name} was not found on PATH ({os.environ.get('PATH', '')}): install the "
            "PostgreSQL client tools at the server's major version or newer "
            "(Debian: apt-get install postgresql-client)."
        )
    return path


@dataclass(frozen=True)
class PgClient:
    """How the client tools reach the server: arguments without secrets, and an environment that
    carries the password (PGPASSWORD) — never the command line, where ``ps`` would show it."""

    args: list[str]
    env: dict[str, str]


def pg_client(settings_dict: dict[str, Any]) -> PgClient:
    # --no-password: a scheduled drill must fail, not wait for someone to type a password.
    args = ["--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args.append(f"{flag}={settings_dict[key]}")
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in _PG_OPTION_ENV.items():
        if options.get(option):
            env[variable] = str(options[option])
    return PgClient(args, env)


def _run_tool(argv: list[str], client: PgClient, what: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603 - full tool path and list arguments, no shell
        argv, env=client.env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise DrillError(f"{what} failed (exit {result.returncode}): {detail}")
    return time.perf_counter() - started


@contextmanager
def restored_database(settings_dict: dict[str, Any]) -> Iterator[BaseDatabaseWrapper]:
    """Make the restored copy reachable as ``RESTORED_ALIAS`` for the block, so the ORM and the
    audit verification run on it unchanged (``using=RESTORED_ALIAS``).

    The connection is set for this thread only and never added to ``settings.DATABASES``: nothing
    else (request signals, other threads, Django's test isolation) sees an extra database, and it
    is closed and forgotten afterwards."""
    try:
        connections[RESTORED_ALIAS]
    except ConnectionDoesNotExist:
        pass
    else:
        raise DrillError(f"the database alias {RESTORED_ALIAS!r} is already in use")
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, RESTORED_ALIAS)
    connections[RESTORED_ALIAS] = wrapper
    try:
        yield wrapper
    finally:
        wrapper.close()
        del connections[RESTORED_ALIAS]


# --- SQLite --------------------------------------------------------------------------------------


def _sqlite_live_file(name: str) -> Path:
    if not name or name == ":memory:" or "mode=memory" in name:
        raise DrillError("an in-memory SQLite database has no file to back up")
    path = Path(name)
    if not path.is_file():
        raise DrillError(f"the SQLite database file {path} does not exist")
    return path


def _sqlite_backup(
    live: Path, backup: Path, tables: list[Table]
) -> tuple[dict[str, int | None], float]:
    """Python's online backup API, from a read-only connection of our own. The counts and the copy
    happen in one read transaction, so they see the same data; writers wait meanwhile (up to their
    busy timeout), as they would for any SQLite backup."""
    source = sqlite3.connect(
        f"{live.resolve().as_uri()}?mode=ro", uri=True, timeout=20, isolation_level=None
    )
    try:
        source.execute("BEGIN")
        counts = _count_rows(source.cursor(), tables, _sqlite_quote)
        started = time.perf_counter()
        target = sqlite3.connect(backup)
        try:
            source.backup(target)
        finally:
            target.close()
        seconds = time.perf_counter() - started
        source.execute("COMMIT")
    finally:
        source.close()
    backup.chmod(0o600)  # the backup is case data
    return counts, seconds


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- PostgreSQL ----------------------------------------------------------------------------------


def _pg_backup(
    connection: BaseDatabaseWrapper,
    backup: Path,
    tables: list[Table],
    pg_dump: str,
    client: PgClient,
) -> tuple[dict[str, int | None], float, str]:
    """Count the rows in a read-only REPEATABLE READ transaction, export its snapshot and have
    ``pg_dump`` dump exactly that snapshot: the counts and the dump are the same moment.

    Uses a connection of its own (a copy of the live one), so the caller's transaction state does
    not matter and nothing else runs inside the snapshot."""
    snapshot_connection = connection.copy()
    try:
        snapshot_connection.set_autocommit(False)
        with snapshot_connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SHOW server_encoding")
            encoding = cursor.fetchone()[0]
            counts = _count_rows(cursor, tables, connection.ops.quote_name)
            seconds = _run_tool(
                [
                    pg_dump,
                    "--format=custom",
                    f"--file={backup}",
                    f"--snapshot={snapshot}",
                    *client.args,
                    f"--dbname={connection.settings_dict['NAME']}",
                ],
                client,
                "pg_dump",
            )
        snapshot_connection.rollback()
    finally:
        snapshot_connection.close()
    return counts, seconds, encoding


def _pg_restore(
    backup: Path, scratch: str, encoding: str, tools: dict[str, str], client: PgClient
) -> float:
    """A new, empty scratch database from template0, then ``pg_restore --no-owner``.

    ``--no-privileges`` too: the scratch copy belongs to whoever runs the drill, and the live
    database's grants name roles that may not exist here. A real restore into production must
    re-apply the ownership split of docs/SECURITY.md item 17."""
    drop_scratch(scratch, tools["dropdb"], client)  # left over from a drill that stopped half-way
    seconds = _run_tool(
        [
            tools["createdb"],
            *client.args,
            "--template=template0",
            f"--encoding={encoding}",
            scratch,
        ],
        client,
        "createdb",
    )
    seconds += _run_tool(
        [
            tools["pg_restore"],
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            *client.args,
            f"--dbname={scratch}",
            str(backup),
        ],
        client,
        "pg_restore",
    )
    return seconds


def drop_scratch(scratch: str, dropdb: str, client: PgClient) -> None:
    _run_tool([dropdb, "--if-exists", *client.args, scratch], client, f"dropdb {scratch}")


# --- The drill -----------------------------------------------------------------------------------


def run_drill(
    *,
    using: str = DEFAULT_DB_ALIAS,
    backup_interval_hours: float = 24.0,
    keep: bool = False,
    work_dir: Path | None = None,
    after_restore: Callable[[str], None] | None = None,
) -> DrillReport:
    """Back up the database ``using`` names, restore it into a scratch place, check the copy.

    Raises DrillError when a step cannot run; returns a report whose ``problems`` name every
    check that failed. The backup file (case data) lives in a new private (0700) directory under
    ``work_dir`` (default: the system's temporary directory); it and the scratch copy are removed
    afterwards unless ``keep``. ``after_restore(alias)`` runs before the checks — for tests that
    tamper with the restored copy, so they can prove the checks read the copy, not the live data.
    """
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise DrillError(f"the restore drill supports SQLite and PostgreSQL, not {vendor}")
    live_settings = copy.deepcopy(connection.settings_dict)
    live_name = str(live_settings["NAME"])
    tables = concrete_tables()
    tools = {name: require_tool(name) for name in PG_TOOLS} if vendor == "postgresql" else {}
    client = pg_client(live_settings)  # unused on SQLite
    if work_dir is not None:
        work_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="relsafe-restore-drill-", dir=work_dir))
    scratch = ""
    try:
        backup_taken_at = timezone.now()
        if vendor == "sqlite":
            backup = work / "backup.sqlite3"
            backup_method = "sqlite3 online backup API"
            live_counts, backup_seconds = _sqlite_backup(
                _sqlite_live_file(live_name), backup, tables
            )
            scratch = str(work / "restored.sqlite3")
            restore_method = "copy of the backup file"
            started = time.perf_counter()
            shutil.copyfile(backup, scratch)
            restore_seconds = time.perf_counter() - started
        else:
            backup = work / "backup.dump"
            backup_method = "pg_dump --format=custom"
            live_counts, backup_seconds, encoding = _pg_backup(
                connection, backup, tables, tools["pg_dump"], client
            )
            scratch = scratch_database_name(live_name)
            restore_method = "createdb + pg_restore --no-owner --no-privileges"
            restore_seconds = _pg_restore(backup, scratch, encoding, tools, client)
        with restored_database({**live_settings, "NAME": scratch}):
            if after_restore is not None:
                after_restore(RESTORED_ALIAS)
            started = time.perf_counter()
            report = _check_restored(
                vendor=vendor, tables=tables, live_counts=live_counts, taken_at=backup_taken_at
            )
            verify_seconds = time.perf_counter() - started
        report.update(
            vendor=vendor,
            database=live_name,
            scratch=scratch,
            backup_taken_at=backup_taken_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
            backup_method=backup_method,
            backup_seconds=backup_seconds,
            backup_bytes=backup.stat().st_size,
            restore_method=restore_method,
            restore_seconds=restore_seconds,
            verify_seconds=verify_seconds,
            backup_interval_hours=backup_interval_hours,
            kept=[str(backup), scratch] if keep else [],
        )
        return DrillReport(**report)
    finally:
        if not keep:
            try:
                if vendor == "postgresql" and scratch:
                    drop_scratch(scratch, tools["dropdb"], client)
            finally:
                shutil.rmtree(work, ignore_errors=True)


def _check_restored(
    *,
    vendor: str,
    tables: list[Table],
    live_counts: dict[str, int | None],
    taken_at: dt.datetime,
) -> dict[str, Any]:
    restored = connections[RESTORED_ALIAS]
    problems: list[str] = []
    integrity = None
    with restored.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            integrity = "; ".join(str(row[0]) for row in cursor.fetchall())
        restored_counts = _count_rows(cursor, tables, restored.ops.quote_name)
    if integrity not in (None, "ok"):
        problems.append(f"SQLite integrity_check on the restored copy says: {integrity}")

    differences = []
    for table in tables:
        live, copy_count = live_counts[table.label], restored_counts[table.label]
        if live is None:
            problems.append(
                f"{table.label}: its table {table.db_table} is missing from the live database"
            )
        elif live != copy_count:
            differences.append(CountDifference(table.label, live, copy_count))
            problems.append(
                f"{table.label}: {live} rows in the live database at backup time, "
                + (
                    f"{copy_count} in the restored copy"
                    if copy_count is not None
                    else f"and its table {table.db_table} is missing from the restored copy"
                )
            )

    chain = verify_chain(using=RESTORED_ALIAS)
    if not chain.ok:
        problems.append(
            f"the audit chain on the restored copy is broken at entry #{chain.first_bad_id}: "
            f"{chain.problem} ({chain.checked} entries before it are intact)"
        )
    anchors = verify_anchors(using=RESTORED_ALIAS)
    if not anchors.ok:
        problems.append(
            f"audit anchor on line {anchors.line_number} of the anchor file: {anchors.problem}"
        )
    trigger = triggers_installed(using=RESTORED_ALIAS)
    if not trigger:
        problems.append(
            "the audit table's append-only trigger is missing from the restored copy "
            "(relsafe/audit/migrations/0002_append_only_triggers.py)"
        )
    newest = (
        AuditEvent.objects.using(RESTORED_ALIAS)
        .order_by("-id")
        .values_list("id", "occurred_at")
        .first()
    )
    return {
        "models_checked": len(tables),
        "rows_checked": sum(c for c in restored_counts.values() if c is not None),
        "count_differences": differences,
        "chain": chain,
        "anchors": anchors,
        "append_only_trigger": trigger,
        "integrity_check": integrity,
        "newest_audit_entry_id": newest[0] if newest else None,
        "newest_audit_entry_age_seconds": (
            round((taken_at - newest[1]).total_seconds(), 6) if newest else None
        ),
        "problems": problems,
    }
