"""Walk the audit hash chain; exit 1 naming the first entry that was edited, deleted or reordered."""

import sys
from typing import Any

from django.core.management.base import BaseCommand

from relsafe.audit.services import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain. Exits 1 at the first broken entry."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(f"Audit trail intact: {report.checked} entries checked.")
            )
            return
        self.stderr.write(
            f"Audit trail broken at entry #{report.first_bad_id}: {report.problem}. "
            f"{report.checked} entries before it are intact."
        )
        sys.exit(1)
