"""``manage.py recompute_next_due``: recompute every family's stored "next due" from its sources.

For repair (after loading data with bulk writes, restoring, or migrating a database that held
families before the value was stored); the services keep it current otherwise
(``relsafe.cases.next_due``). Prints how many families changed, so a run that finds drift says so.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relsafe.cases.next_due import refresh_next_due


class Command(BaseCommand):
    help = "Recompute every family's stored next due (the caseload's sort and overdue filter)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--family", type=int, action="append", help="only this family (repeatable)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids = options["family"] or None
        changed = refresh_next_due(ids)
        self.stdout.write(f"{changed} famil{'y' if changed == 1 else 'ies'} changed")
