"""Walk the audit hash chain and check every external anchor is still in it; exit 1 naming the
first entry that was edited, deleted or reordered, or the first anchor whose entry has gone."""

import sys
from typing import Any

from django.core.management.base import BaseCommand

from relsafe.audit.services import anchor_file, verify_anchors, verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain and its anchors (AUDIT_ANCHOR_FILE). "
        "Exits 1 at the first broken entry or missing anchor."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            self.stderr.write(
                f"Audit trail broken at entry #{report.first_bad_id}: {report.problem}. "
                f"{report.checked} entries before it are intact."
            )
            sys.exit(1)
        anchors = verify_anchors()
        if not anchors.ok:
            self.stderr.write(
                f"Audit trail broken: anchor on line {anchors.line_number} of {anchor_file()}: "
                f"{anchors.problem}. The {report.checked} entries left are linked correctly, "
                "so the newest entries were cut off."
            )
            sys.exit(1)
        self.stdout.write(
            self.style.SUCCESS(f"Audit trail intact: {report.checked} entries checked.")
        )
        if anchors.file_found:
            self.stdout.write(f"All {anchors.checked} anchors in {anchor_file()} are in the chain.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"No anchor file at {anchor_file()}: run `manage.py audit_anchor` daily, "
                    "or entries cut off the end of the trail cannot be noticed."
                )
            )
