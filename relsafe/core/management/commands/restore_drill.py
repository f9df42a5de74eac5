"""Back up the configured database, restore it into a scratch place and prove the copy: equal row
counts for every model and an audit chain that verifies on the restored copy (checklist item 32).

Lives in ``core`` because it covers the whole database; the audit checks reuse
``relsafe.audit.services``. A thin wrapper over ``relsafe.core.restore_drill.run_drill``: prints the
measured backup and restore times (RTO) and the RPO, and exits 1 naming whatever failed.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from relsafe.core.restore_drill import DrillError, DrillReport, run_drill


def _size(n: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000  # type: ignore[assignment]
    raise AssertionError("unreachable")


def _seconds(s: float) -> str:
    """A measured time an operator can read: two decimals from a second up, three significant
    digits below it, so a sub-millisecond SQLite restore is not printed as 0.00 s."""
    return f"{s:,.2f} s" if s >= 1 else f"{s:.3g} s"


def report_lines(report: DrillReport) -> list[str]:
    """The measured numbers, one line each, in the order an operator reads them."""
    chain = report.chain
    anchors = (
        f"{report.anchors.checked} anchors found in it"
        if report.anchors.file_found
        else "no anchor file, so a cut-off tail could not be checked"
    )
    newest = (
        f"the newest audit entry in it (#{report.newest_audit_entry_id}) was "
        f"{report.newest_audit_entry_age_seconds:,.1f} s old when the backup was taken"
        if report.newest_audit_entry_id is not None
        else "the backup holds no audit entries"
    )
    lines = [
        f"Restore drill: {report.vendor} database {report.database}, backup taken at "
        f"{report.backup_taken_at}",
        f"Backup:   {report.backup_method}, {_seconds(report.backup_seconds)}, "
        f"{_size(report.backup_bytes)}",
        f"Restore:  {report.restore_method} into {report.scratch}"
        f"{'' if report.kept else ' (removed afterwards)'}, {_seconds(report.restore_seconds)} "
        "(RTO for this data size, before the application is pointed at it)",
        f"Checks:   {_seconds(report.verify_seconds)}; {report.models_checked} models, "
        f"{report.rows_checked:,} rows counted in the restored copy, "
        f"{len(report.count_differences)} counts differ from the live database",
        f"Audit:    chain {'verified' if chain.ok else 'BROKEN'} on the restored copy, "
        f"{chain.checked:,} entries; append-only trigger "
        f"{'present' if report.append_only_trigger else 'MISSING'}; {anchors}",
        f"RPO:      backups every {report.backup_interval_hours:g} h, so up to "
        f"{report.rpo_hours:.2f} h of work can be lost; {newest}",
    ]
    if report.kept:
        lines.append("Kept (case data: delete when done): " + ", ".join(report.kept))
    return lines


class Command(BaseCommand):
    help = (
        "Back up the database, restore it into a scratch copy, check every model's row count and "
        "the audit chain there, and print backup time, size, restore time (RTO) and RPO. "
        "Exits 1 naming what failed."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--backup-interval-hours",
            type=float,
            default=24.0,
            help="How often backups are scheduled: the RPO (default 24).",
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Keep the backup file and the scratch copy (they hold case data) and print where.",
        )
        parser.add_argument(
            "--work-dir",
            type=Path,
            default=None,
            help="Where the backup file is written (a private directory is made inside it); "
            "default the system's temporary directory.",
        )
        parser.add_argument(
            "--database", default="default", help="Database alias to drill (default: default)."
        )
        parser.add_argument("--json", action="store_true", help="Print a machine-readable report.")

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = options["json"]
        try:
            report = run_drill(
                using=options["database"],
                backup_interval_hours=options["backup_interval_hours"],
                keep=options["keep"],
                work_dir=options["work_dir"],
            )
        except DrillError as exc:
            if as_json:
                self.stdout.write(json.dumps({"ok": False, "error": str(exc)}, indent=2))
            self.stderr.write(f"Restore drill failed: {exc}")
            sys.exit(1)
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), indent=2, default=str))
        else:
            for line in report_lines(report):
                self.stdout.write(line)
        if not report.ok:
            self.stderr.write(
                "Restore drill FAILED:\n" + "\n".join(f"  - {p}" for p in report.problems)
            )
            sys.exit(1)
        if not as_json:
            self.stdout.write(
                self.style.SUCCESS("Restore drill passed: the backup restores whole.")
            )
