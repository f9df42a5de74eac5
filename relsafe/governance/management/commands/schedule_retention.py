"""Ask the task worker for tonight's retention run: started nightly by cron or a systemd timer
(docs/OPERATIONS.md), since django-tasks has no scheduler of its own."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relsafe.governance.models import RetentionRun
from relsafe.governance.services import schedule_retention


class Command(BaseCommand):
    help = "Enqueue tonight's retention run (once a night; --again for another run by hand)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--again",
            action="store_true",
            help="Enqueue another run even if tonight's has been asked for (after a failure).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        trigger = (
            RetentionRun.Trigger.MANUAL if options["again"] else RetentionRun.Trigger.SCHEDULED
        )
        run = schedule_retention(requested_by="manage.py schedule_retention", trigger=trigger)
        if run is None:
            self.stdout.write(
                "Tonight's retention run has already been asked for; nothing enqueued."
            )
            return
        self.stdout.write(
            f"Retention run {run.pk} enqueued for {run.run_on:%d %b %Y} ({run.status})."
        )
