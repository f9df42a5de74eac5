"""Load the first version of the cost tables (PRODUCT.md §7's figures, the GDP deflator, local
assumptions) if none is loaded yet; a thin wrapper over ``services.seed_cost_tables``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from relsafe.outcomes.services import seed_cost_tables


class Command(BaseCommand):
    help = "Load the first version of the outcomes cost tables, once."

    def handle(self, *args: Any, **options: Any) -> None:
        version = seed_cost_tables()
        if version is None:
            self.stdout.write("The cost tables are already loaded: nothing changed.")
        else:
            self.stdout.write(self.style.SUCCESS("Loaded version 1 of the cost tables."))
