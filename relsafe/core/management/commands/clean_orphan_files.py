"""Compare the file storage with the rows that point into it (``relsafe.core.files``).

Lists files kept with no row (left by a crash, or by a database restored from an older backup) and
rows whose file is missing. Dry run by default: ``--delete`` removes the files with no row. Rows
whose file is missing are only reported: somebody has to decide what to tell the family's team.
Exits 1 when it found anything it did not put right, so a scheduled run is noticed.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from relsafe.core.files import check_storage, registered_kinds


class Command(BaseCommand):
    help = "List (or with --delete remove) stored files with no row; report rows whose file is missing."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Delete the files that no row points at (the default only lists them).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        delete = bool(options["delete"])
        report = check_storage(delete_orphans=delete)
        folders = ", ".join(k.folder for k in registered_kinds()) or "none registered"
        self.stdout.write(f"Checked the file storage ({folders}).")
        for name in report.orphan_files:
            done = "deleted" if name in report.deleted else "would delete (dry run)"
            self.stdout.write(f"File with no record: {name} — {done}")
        for label, stored in report.missing_files:
            self.stdout.write(f"Record with no file: {label}, stored name {stored}")
        self.stdout.write(
            f"{len(report.orphan_files)} file(s) with no record"
            f"{' deleted' if delete else ''}; {len(report.missing_files)} record(s) with no file."
        )
        left = len(report.missing_files) + len(report.orphan_files) - len(report.deleted)
        if left:
            if not delete and report.orphan_files:
                self.stdout.write("Run again with --delete to remove the files with no record.")
            sys.exit(1)
