"""Remove sessions the idle or absolute timeout has already ended (see services.prune_dead_sessions)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from relsafe.accounts.services import prune_dead_sessions


class Command(BaseCommand):
    help = "Delete sessions that timed out but were never used again, and their records."

    def handle(self, *args: Any, **options: Any) -> None:
        count = prune_dead_sessions()
        self.stdout.write(f"Removed {count} ended session(s).")
