"""Walk every family's evidence log chain; exit 1 naming the first entry that was changed,
removed or reordered (or no longer matches what the audit trail recorded at submission)."""

import sys
from typing import Any

from django.core.management.base import BaseCommand

from relsafe.evidence.chain import verify_all


class Command(BaseCommand):
    help = (
        "Check the hash chain of every family's evidence log against its entries and the audit "
        "trail. Exits 1 at the first broken entry."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_all()
        if not report.ok:
            self.stderr.write(f"Evidence log broken at {report.first_break}.")
            sys.exit(1)
        self.stdout.write(
            self.style.SUCCESS(
                f"Evidence logs intact: {report.entries} entries in {report.families} "
                f"famil{'y' if report.families == 1 else 'ies'} checked."
            )
        )
