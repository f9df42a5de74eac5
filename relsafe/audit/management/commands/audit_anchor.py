"""Write the audit chain's head to the append-only anchor file (run daily, e.g. from cron), so
that cutting entries off the end of the trail is noticed by ``verify_audit``."""

from typing import Any

from django.core.management.base import BaseCommand

from relsafe.audit.services import anchor_chain_head, anchor_file


class Command(BaseCommand):
    help = "Append the audit chain's current head (id, hash, UTC time) to AUDIT_ANCHOR_FILE."

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = anchor_chain_head()
        if anchor is None:
            self.stdout.write("The audit trail is empty: nothing to anchor yet.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Anchored entry #{anchor.entry_id} ({anchor.entry_hash[:12]}…) at "
                f"{anchor.anchored_at} UTC in {anchor_file()}."
            )
        )
