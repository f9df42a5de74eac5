"""Re-encrypt every field and file kept encrypted at rest under the newest key in
``FIELD_ENCRYPTION_KEYS`` (docs/OPERATIONS.md, "Encryption at rest and key rotation").

Run it after putting a new key first; once it reports nothing left to re-encrypt, the old key can be
removed. Safe to stop and run again (only what an older key made is rewritten); ``--dry-run``
counts without writing. Every run, dry or not, leaves an audit entry with the counts (never a value
or a key). Exits 1 when a stored file is missing, so a scheduled run is noticed.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.core import crypto, key_rotation


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field and file under the newest FIELD_ENCRYPTION_KEYS key."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be re-encrypted; change nothing.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=key_rotation.BATCH_SIZE,
            help=f"Rows per transaction (default {key_rotation.BATCH_SIZE}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        try:
            keys = crypto.configured_keys()
        except crypto.EncryptionNotConfigured as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{'Dry run: ' if dry_run else ''}re-encrypting under the newest of {len(keys)} key(s)."
        )
        try:
            report = key_rotation.rotate(
                dry_run=dry_run,
                batch_size=max(1, int(options["batch_size"])),
                progress=self.stdout.write,
            )
        except crypto.CannotDecrypt as error:
            raise CommandError(
                f"{error} Put the key that made it back in FIELD_ENCRYPTION_KEYS (after the "
                "newest) and run again; batches already done stay done."
            ) from None
        record(
            action=AuditAction.ADMIN_CHANGE,
            object_type="core.encryption_keys",
            actor_email="manage.py rotate_encryption_keys",
            reason="Encryption key rotation" + (" (dry run)" if dry_run else ""),
            detail=report.as_detail(),
        )
        for name in report.missing_files:
            self.stdout.write(f"File missing: {name} (run clean_orphan_files)")
        verb = "would be re-encrypted" if dry_run else "re-encrypted"
        self.stdout.write(self.style.SUCCESS(f"Done: {report.rotated} row(s) and file(s) {verb}."))
        if not dry_run and report.rotated == 0:
            self.stdout.write("Everything is under the newest key: older keys can be removed.")
        if report.missing_files:
            sys.exit(1)
