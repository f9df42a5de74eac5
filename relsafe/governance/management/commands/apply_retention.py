"""Apply the retention schedule: ``--dry-run`` lists what would go and why."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relsafe.audit.services import verify_chain
from relsafe.governance.retention import apply_retention


class Command(BaseCommand):
    help = "Delete closed cases past their retention period (never one under a legal hold)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List only; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        due, certificate = apply_retention(dry_run=dry_run, run_by="manage.py apply_retention")
        for item in due:
            if item.held:
                verdict = "kept: legal hold"
            elif item.blocked_by:
                verdict = f"kept for review: referenced by {', '.join(item.blocked_by)}"
            else:
                verdict = "would delete" if dry_run else "deleted"
            self.stdout.write(
                f"{item.reference}: {verdict} (due since {item.due_since:%d %b %Y}; {item.rule})"
            )
        if not due:
            self.stdout.write("Nothing is due for removal.")
        if certificate is not None:
            chain = verify_chain()
            self.stdout.write(
                f"Certificate of deletion {certificate.pk}: {certificate.families_removed} case(s) "
                f"removed; audit chain {'verified' if chain.ok else 'BROKEN'} ({chain.checked} entries)."
            )
