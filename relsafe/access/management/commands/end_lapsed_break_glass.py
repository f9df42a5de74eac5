"""Record the end of emergency access whose time ran out (run every few minutes from cron).

Access already stops at the expiry time whatever this does; this writes the BREAK_GLASS_END audit
entry so every start has a matching end in the trail."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from relsafe.access.services import end_lapsed_grants


class Command(BaseCommand):
    help = "Close break-glass grants past their time limit and audit each end."

    def handle(self, *args: Any, **options: Any) -> None:
        count = end_lapsed_grants()
        self.stdout.write(
            f"Closed {count} lapsed emergency access grant{'s' if count != 1 else ''}."
        )
