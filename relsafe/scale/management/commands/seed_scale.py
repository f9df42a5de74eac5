"""``manage.py seed_scale --families 50000``: generated families at national size, in bulk.

Only on an empty database or one it filled itself (see ``relsafe.scale.generate``).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from relsafe.scale.generate import NotAGeneratedDatabase, Progress, Sizes, seed, summary


class Command(BaseCommand):
    help = "Add generated (fictional) families in bulk, for benchmarks and load tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--families", type=int, required=True, help="how many families to add")
        parser.add_argument(
            "--contacts", type=int, default=40, help="contact notes per family (average)"
        )
        parser.add_argument(
            "--chronology", type=int, default=6, help="chronology events per family"
        )
        parser.add_argument("--mappings", type=int, default=2, help="safety mappings per family")
        parser.add_argument("--missing", type=int, default=2, help="missing episodes per family")
        parser.add_argument(
            "--intelligence-every",
            type=int,
            default=50,
            help="one report to the police from one in N families shared with a force (0: none)",
        )
        parser.add_argument("--batch", type=int, default=1000, help="families per transaction")
        parser.add_argument(
            "--seed", type=int, default=2026, help="random seed (same seed, same data)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["families"] < 1:
            raise CommandError("--families must be at least 1")
        sizes = Sizes(
            families=options["families"],
            contacts_per_family=options["contacts"],
            chronology_per_family=options["chronology"],
            mappings_per_family=options["mappings"],
            missing_per_family=options["missing"],
            batch=max(1, options["batch"]),
            intelligence_every=max(0, options["intelligence_every"]),
        )
        bar = Progress(sizes.families, "families")
        started = time.perf_counter()
        try:
            counts = seed(sizes, seed=options["seed"], progress=bar.advance)
        except NotAGeneratedDatabase as refusal:
            raise CommandError(str(refusal)) from refusal
        bar.finish()
        self.stdout.write(f"Made {summary(counts)} in {time.perf_counter() - started:.1f} s")
