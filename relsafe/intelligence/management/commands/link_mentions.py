"""Link mentions of people of concern across cases, from a CSV file to a CSV file.

    manage.py link_mentions mentions.csv --output people.csv [--decisions decisions.csv]

Input columns (only mention_id must be filled): mention_id, case_ref, reported_on, name,
nickname, age_estimate, gender, phone, vehicle, vehicle_desc, handle, location, description.
Output: mention_id, person_id. Decisions: mention_a, mention_b, decision (same / different),
oldest first. Never touches the application database; progress and row problems go to
standard error. Exits 1 if any row was skipped (the output still holds every other row).
"""

from __future__ import annotations

import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from relsafe.intelligence.linkage.csvio import (
    RowProblem,
    read_decisions,
    read_mentions,
    write_assignments,
)
from relsafe.intelligence.linkage.engine import Linker


class Command(BaseCommand):
    help = "Link mentions of people of concern (CSV in) to person ids (CSV out)."
    # Works on files only: no database, no system checks (so it runs on an analyst's laptop
    # copy of the code with no database configured at all).
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("input", metavar="INPUT.csv", help="mentions, one a row")
        parser.add_argument("--output", required=True, metavar="OUT.csv", help="where to write")
        parser.add_argument(
            "--decisions",
            metavar="FILE",
            help="analyst decisions: mention_a, mention_b, decision (same/different)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems: list[RowProblem] = []
        decisions = []
        if options["decisions"]:
            with self._open(options["decisions"]) as source:
                decisions = read_decisions(source, problems)
            for problem in problems:
                self.stderr.write(f"{options['decisions']}: {problem}")
            problems.clear()
        started = time.monotonic()
        with self._open(options["input"]) as source:
            mentions = list(read_mentions(source, problems))
        for problem in problems:
            self.stderr.write(f"{options['input']}: {problem} (row skipped)")
        self.stderr.write(f"Read {len(mentions):,} mentions; linking…")
        total = len(mentions)

        def progress(done: int) -> None:
            percent = 100 * done // max(total, 1)
            self.stderr.write(f"  {done:,} of {total:,} placed ({percent}%)")

        linker = Linker.relink(mentions, decisions, progress=progress)
        for decision in linker.superseded:
            self.stderr.write(
                f"Decision {decision.kind} {decision.a} / {decision.b} was overridden by a "
                "later decision and not applied"
            )
        output = Path(options["output"])
        try:
            with output.open("w", encoding="utf-8", newline="") as out:
                write_assignments(out, linker.assignments())
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        people = len(set(linker.assignments().values()))
        self.stderr.write(
            f"Linked {total:,} mentions to {people:,} people in "
            f"{time.monotonic() - started:.1f} s; wrote {output}."
        )
        if problems:
            self.stderr.write(f"{len(problems)} row(s) skipped; see above.")
            sys.exit(1)

    def _open(self, name: str) -> Any:
        try:
            return Path(name).open("rb")
        except FileNotFoundError:
            raise CommandError(f"There is no file called {name}.") from None
        except IsADirectoryError:
            raise CommandError(f"{name} is a folder; give the path of a CSV file.") from None
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}.") from None
