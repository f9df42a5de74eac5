"""Check a file of notes for victim-blaming or labelling wording (bulk use of "Language with care").

    manage.py check_language --json notes.txt      # JSON list of findings
    cat notes.txt | manage.py check_language -      # a readable list
    manage.py check_language --explain notes.txt   # which rule matched, and why (or why not)

Exits 1 when there is anything to change, 0 when there is not, so scripts can act on it.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from relsafe.language.checker import Finding, Step, check, explain


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
            "--explain",
            action="store_true",
            help=(
                "say which rule matched each finding and why (its category, sources, pattern, the "
                "words and lemmas it matched, the subject it checked), and list matches that were "
                "not flagged with the reason (a quotation, a careful context, an adult doing it)"
            ),
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
        if options["explain"]:
            findings, steps = explain(text, child_age=options["child_age"])
        else:
            findings, steps = check(text, child_age=options["child_age"]), []
        if options["json"]:
            rows = [f.as_dict() for f in findings]
            if options["explain"]:
                for row, finding in zip(rows, findings, strict=True):
                    row["explanation"] = _explanation(finding, steps)
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self._write_plain(name, text, findings)
            if options["explain"]:
                self._write_explanation(text, findings, steps)
        if findings:
            sys.exit(1)

    def _write_explanation(self, text: str, findings: list[Finding], steps: list[Step]) -> None:
        self.stdout.write("")
        self.stdout.write("Why:")
        for finding in findings:
            line, column = line_and_column(text, finding.start)
            info = _explanation(finding, steps)
            self.stdout.write("")
            self.stdout.write(f'line {line}, column {column}: "{finding.text}"')
            self.stdout.write(
                f"  rule: {info['rule']} ({info['category']}: {info['category_label']})"
            )
            self.stdout.write(f"  sources: {'; '.join(info['sources'])}")
            self.stdout.write(f"  pattern: {info['pattern']}")
            self.stdout.write(f'  matched: "{info["matched"]}"')
            for detail in info["details"]:
                self.stdout.write(f"  {detail}")
        shown: set[tuple[str, int, int]] = set()
        quiet = [s for s in steps if s.outcome != "flagged"]
        if quiet:
            self.stdout.write("")
            self.stdout.write("Matched but not flagged:")
        for step in quiet:
            key = (step.rule.id, step.start, step.end)
            if key in shown:
                continue
            shown.add(key)
            line, column = line_and_column(text, step.start)
            self.stdout.write(
                f'  line {line}, column {column}: "{step.text}" ({step.rule.id}): {step.outcome}'
            )

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


def _explanation(finding: Finding, steps: list[Step]) -> dict[str, Any]:
    """Which rule made a finding and why: its category, sources and pattern, and what it matched."""
    step = next(
        (
            s
            for s in steps
            if s.outcome == "flagged"
            and s.rule.id == finding.rule_id
            and (s.start, s.end) == (finding.start, finding.end)
        ),
        None,
    )
    from relsafe.language.rules import RULES_BY_ID

    rule = step.rule if step is not None else RULES_BY_ID[finding.rule_id]
    return {
        "rule": rule.id,
        "category": str(rule.category),
        "category_label": rule.category.label,
        "sources": list(rule.source_names),
        "pattern": " ".join(rule.pattern.split()),
        "matched": step.matched if step is not None else finding.text,
        "details": list(step.details) if step is not None else [],
    }
