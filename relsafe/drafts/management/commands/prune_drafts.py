"""Delete drafts older than DRAFT_RETENTION_DAYS (see services.prune_expired_drafts)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from relsafe.drafts.services import prune_expired_drafts


class Command(BaseCommand):
    help = "Delete unsaved drafts nobody came back to within DRAFT_RETENTION_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = prune_expired_drafts()
        self.stdout.write(f"Removed {count} expired draft(s).")
