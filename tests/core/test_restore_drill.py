"""The restore drill (checklist item 32) backs up the database the tests run on, restores it into a
scratch copy and proves the copy: every model's row count, and the audit chain verified on the
copy — not on the live data. Runs on SQLite and on PostgreSQL; the backup must see committed
data, so the drills run in transactional tests."""

from __future__ import annotations

import dataclasses
import json
import shutil
import threading
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils.connection import ConnectionDoesNotExist

from relsafe.accounts.models import Organisation
from relsafe.audit import maintenance
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import anchor_chain_head, record, verify_chain
from relsafe.cases.models import Family
from relsafe.core.management.commands.restore_drill import report_lines
from relsafe.core.restore_drill import (
    RESTORED_ALIAS,
    DrillError,
    concrete_tables,
    drop_scratch,
    pg_client,
    require_tool,
    run_drill,
    scratch_database_name,
)
from tests.factories import CarerFactory, UserFactory, allocated_family

drill_db = pytest.mark.django_db(transaction=True)


def _on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _casework(families: int = 3) -> list[AuditEvent]:
    """A worker's families, each with a child and a carer, and an audit entry per family opened."""
    worker: Any = UserFactory()
    entries = []
    for _ in range(families):
        family = allocated_family(worker)
        CarerFactory(family=family)
        entries.append(
            record(action=AuditAction.VIEW, actor=worker, obj=family, reason="allocated")
        )
    return entries


def _scratch_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _run_command(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("restore_drill", *args, stdout=out, stderr=err)
    except SystemExit as exit_info:
        return int(exit_info.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@drill_db
def test_drill_restores_the_database_whole_and_reports_what_it_checked() -> None:
    entries = _casework()
    audit_before, families_before = AuditEvent.objects.count(), Family.objects.count()

    report = run_drill()

    assert report.ok, report.problems
    assert report.database == str(connection.settings_dict["NAME"])
    assert report.models_checked == len(concrete_tables())
    assert report.count_differences == []
    assert report.rows_checked >= families_before + audit_before
    assert report.chain.ok
    assert report.chain.checked == audit_before
    assert report.append_only_trigger
    assert report.newest_audit_entry_id == entries[-1].pk
    assert report.newest_audit_entry_age_seconds is not None
    assert report.backup_bytes > 0
    assert report.rpo_hours >= 24
    # The drill writes nothing to the live database and leaves no alias behind.
    assert AuditEvent.objects.count() == audit_before
    assert Family.objects.count() == families_before
    with pytest.raises(ConnectionDoesNotExist):
        connections[RESTORED_ALIAS]


@drill_db
def test_a_database_written_to_during_the_drill_still_gives_equal_counts() -> None:
    """The live counts are taken in the snapshot the backup copies, so a writer appending audit
    entries all through the drill makes no difference between live and restored counts."""
    _casework(1)
    before = AuditEvent.objects.count()
    stop, written = threading.Event(), list[int]()

    def writer() -> None:
        try:
            while not stop.is_set():
                record(action=AuditAction.VIEW, object_type="tests.busy", object_id=len(written))
                written.append(1)
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        report = run_drill()
    finally:
        stop.set()
        thread.join(timeout=60)

    assert report.ok, report.problems
    assert len(written) > 0
    assert before <= report.chain.checked <= AuditEvent.objects.count()


@drill_db
def test_counts_cover_every_concrete_model_including_many_to_many_tables() -> None:
    labels = {table.label for table in concrete_tables()}
    assert {"cases.Family", "audit.AuditEvent", "accounts.User_groups"} <= labels
    assert "auth.User" not in labels  # swapped for accounts.User: no table of its own


@drill_db
def test_an_audit_entry_tampered_with_in_the_restored_copy_fails_the_drill_naming_it() -> None:
    target = _casework()[1]

    def tamper(alias: str) -> None:
        with maintenance.append_only_lifted(using=alias):
            AuditEvent.objects.using(alias).filter(pk=target.pk).update(reason="edited")

    report = run_drill(after_restore=tamper)

    assert not report.ok
    assert report.chain.first_bad_id == target.pk
    assert any(f"entry #{target.pk}" in p and "changed" in p for p in report.problems)
    assert verify_chain().ok  # the live trail was never touched: the check read the copy


@drill_db
def test_a_row_count_that_differs_in_the_restored_copy_is_named_with_both_numbers() -> None:
    _casework()
    live = Organisation.objects.count()

    def add_a_row(alias: str) -> None:
        Organisation.objects.using(alias).create(name="Not in the backup")

    report = run_drill(after_restore=add_a_row)

    assert not report.ok
    assert [(d.model, d.live, d.restored) for d in report.count_differences] == [
        ("accounts.Organisation", live, live + 1)
    ]
    assert any(p.startswith(f"accounts.Organisation: {live} rows") for p in report.problems)


@drill_db
def test_anchors_are_checked_on_the_restored_copy(settings: Any, tmp_path: Path) -> None:
    """Cutting the newest entries off leaves a chain that still links up; only the anchor written
    outside the database notices, and the drill checks it against the restored copy."""
    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"
    newest = _casework()[-1]
    anchor_chain_head()

    assert run_drill().anchors.checked == 1

    def cut_off_the_tail(alias: str) -> None:
        with maintenance.append_only_lifted(using=alias):
            AuditEvent.objects.using(alias).filter(pk=newest.pk).delete()

    report = run_drill(after_restore=cut_off_the_tail)

    assert not report.ok
    assert report.chain.ok  # what is left still links up
    assert any(
        p.startswith("audit anchor on line 1") and f"entry #{newest.pk}" in p
        for p in report.problems
    )


@drill_db
def test_a_restored_copy_without_the_append_only_trigger_fails_the_drill() -> None:
    _casework(1)

    report = run_drill(after_restore=lambda alias: maintenance.remove_triggers(using=alias))

    assert not report.ok
    assert not report.append_only_trigger
    assert any("append-only trigger is missing" in p for p in report.problems)


@drill_db
def test_command_prints_the_measured_numbers_and_the_rpo() -> None:
    _casework(2)

    code, out, err = _run_command("--backup-interval-hours", "6")

    assert code == 0, err
    assert "Backup:" in out
    assert "Restore:" in out
    assert "RTO" in out
    assert f"{len(concrete_tables())} models" in out
    assert f"chain verified on the restored copy, {AuditEvent.objects.count()} entries" in out
    assert "RPO:      backups every 6 h" in out
    assert "Restore drill passed" in out


@drill_db
def test_command_json_report_is_machine_readable() -> None:
    _casework(2)

    code, out, _ = _run_command("--json")

    data = json.loads(out)
    assert code == 0
    assert data["ok"] is True
    assert data["vendor"] == connection.vendor
    assert data["database"] == str(connection.settings_dict["NAME"])
    assert data["chain"]["checked"] == AuditEvent.objects.count()
    assert data["count_differences"] == []
    assert data["problems"] == []
    assert data["backup_interval_hours"] == 24
    assert data["rpo_hours"] >= 24
    assert data["rto_seconds"] == data["restore_seconds"]


@drill_db
def test_json_report_keeps_sub_millisecond_times() -> None:
    """A small SQLite restore takes a fraction of a millisecond; the report must not round it to 0."""
    report = dataclasses.replace(
        run_drill(), backup_seconds=0.000_381, restore_seconds=0.000_412, verify_seconds=0.002_5
    )

    data = json.loads(json.dumps(report.as_dict(), default=str))

    assert data["backup_seconds"] == 0.000381
    assert data["restore_seconds"] == data["rto_seconds"] == 0.000412
    assert data["verify_seconds"] == 0.0025
    assert "0.000412 s" in "\n".join(report_lines(report))


@drill_db
def test_command_exits_1_naming_an_entry_broken_before_the_backup() -> None:
    """A trail already broken in the live database is broken in the backup too: the drill says
    which entry, as verify_audit would."""
    target = _casework()[0]
    with maintenance.append_only_lifted(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["x", target.pk])

    code, out, err = _run_command()

    assert code == 1
    assert "Restore drill FAILED" in err
    assert f"broken at entry #{target.pk}" in err
    assert "chain BROKEN" in out


@drill_db
def test_the_scratch_copy_is_removed_afterwards_unless_kept(tmp_path: Path) -> None:
    _casework(1)

    report = run_drill(work_dir=tmp_path)

    assert list(tmp_path.iterdir()) == []  # backup file and SQLite copy gone
    if _on_postgresql():
        assert report.scratch == scratch_database_name(str(connection.settings_dict["NAME"]))
        assert not _scratch_exists(report.scratch)

    kept = run_drill(work_dir=tmp_path, keep=True)
    try:
        backup, scratch = kept.kept
        assert Path(backup).is_file()
        if _on_postgresql():
            assert _scratch_exists(scratch)
        else:
            assert Path(scratch).is_file()
    finally:
        if _on_postgresql():
            drop_scratch(kept.scratch, require_tool("dropdb"), pg_client(connection.settings_dict))
        shutil.rmtree(Path(kept.kept[0]).parent)
    if _on_postgresql():
        assert not _scratch_exists(kept.scratch)


@drill_db
def test_a_missing_pg_dump_is_named_where_it_is_needed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """PostgreSQL needs the client tools and says which one is missing; SQLite backs up through
    Python's own sqlite3 module, so the same empty PATH changes nothing there."""
    monkeypatch.setenv("PATH", str(tmp_path))

    code, out, err = _run_command("--json")

    if not _on_postgresql():
        assert code == 0
        assert json.loads(out)["ok"] is True
        return
    assert code == 1
    assert json.loads(out)["ok"] is False
    assert "pg_dump was not found on PATH" in err
    assert "postgresql-client" in err
    assert not _scratch_exists(scratch_database_name(str(connection.settings_dict["NAME"])))


def test_require_tool_names_the_missing_tool_and_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DrillError, match=r"pg_restore was not found on PATH.*postgresql-client"):
        require_tool("pg_restore")


def test_the_password_goes_in_the_environment_never_on_the_command_line() -> None:
    client = pg_client(
        {
            "NAME": "relsafe",
            "USER": "relsafe",
            "PASSWORD": "s3cret-pass",
            "HOST": "db.internal",
            "PORT": "5432",
            "OPTIONS": {"sslmode": "verify-full"},
        }
    )
    assert not any("s3cret-pass" in arg for arg in client.args)
    assert client.env["PGPASSWORD"] == "s3cret-pass"
    assert client.env["PGSSLMODE"] == "verify-full"
    assert client.args == [
        "--no-password",
        "--host=db.internal",
        "--port=5432",
        "--username=relsafe",
    ]


def test_scratch_names_are_unique_per_database_and_fit_postgresql() -> None:
    assert scratch_database_name("test_relsafe_gw0") == "test_relsafe_gw0_restore_drill"
    assert scratch_database_name("test_relsafe_gw1") != scratch_database_name("test_relsafe_gw0")
    long_a, long_b = "a" * 60 + "_gw0", "a" * 60 + "_gw1"
    assert len(scratch_database_name(long_a).encode()) <= 63
    assert scratch_database_name(long_a) != scratch_database_name(long_b)
    assert scratch_database_name(long_a).endswith("_restore_drill")
