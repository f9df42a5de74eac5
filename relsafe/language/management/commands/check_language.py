"""Check a file of notes for victim-blaming or labelling wording (bulk use of "Language with care").

    manage.py check_language --json notes.txt      # JSON list of findings
    cat notes.txt | manage.py check_language -      # a readable list

Exits 1 when there is anything to change, 0 when there is not, so scripts can act on it.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from relsafe.language.checker import Finding, check


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset, for people reading the plain output."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


class Command(BaseCommand):
    help = (
        "Find victim-blaming or labelling wording in FILE ('-' for standard input) and print what "
        "to write instead. Exits 1 when it finds any, 0 when none."
    )
    # Checking text needs no database or other configuration; skipping the system checks keeps bulk
    # runs fast and lets exit code 1 mean one thing only: there is wording to change.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", metavar="FILE", help="a text file, or - for standard input")
        parser.add_argument(
            "--json",
            action="store_true",
            help="print a JSON list of findings (start, end, text, suggestion, reason)",
        )
        parser.add_argument(
            "--child-age",
            type=int,
            default=None,
            help="the child's age, for age-aware wording (e.g. under 13, under 16)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["file"]
        text = self._read(name)
        findings = check(text, child_age=options["child_age"])
        if options["json"]:
            self.stdout.write(
                json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
            )
        else:
            self._write_plain(name, text, findings)
        if findings:
            sys.exit(1)

    def _read(self, name: str) -> str:
        if name == "-":
            return sys.stdin.read()
        path = Path(name)
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"There is no file called {name}.") from None
        except IsADirectoryError:
            raise CommandError(f"{name} is a folder; give the path of a text file.") from None
        except UnicodeDecodeError:
            raise CommandError(
                f"{name} is not UTF-8 text; save it as plain text and try again."
            ) from None
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}.") from None

    def _write_plain(self, name: str, text: str, findings: list[Finding]) -> None:
        source = "standard input" if name == "-" else name
        if not findings:
            self.stdout.write(f"No wording to change in {source}.")
            return
        count = len(findings)
        self.stdout.write(f"{count} suggestion{'s' if count != 1 else ''} for {source}:")
        for finding in findings:
            line, column = line_and_column(text, finding.start)
            label = "Try" if finding.replaceable else "Instead"
            self.stdout.write("")
            self.stdout.write(f'line {line}, column {column}: "{finding.text}"')
            self.stdout.write(f"  {label}: {finding.suggestion}")
            self.stdout.write(f"  Why: {finding.reason}")
