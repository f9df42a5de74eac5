"""Reading mentions and decisions from CSV files, one bad row at a time.

A row that cannot be used (wrong number of columns, a cell over the size limit, bytes that are
not UTF-8, no mention_id, a mention_id seen before) is reported with its line number, and column
where there is one, and the rest of the file is still read: an analyst gets every usable link and
a list of what to fix, not a stack trace.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, TextIO

from relsafe.intelligence.linkage.decisions import Decision, Kind
from relsafe.intelligence.linkage.mention import MENTION_FIELDS, Mention

MAX_CELL = 10_000  # characters: a cell longer than this is not a description of a person
MAX_LINE = 32_000_000  # bytes: a physical line longer than this is skipped without parsing it


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one line of the input was not used."""

    line: int
    message: str
    column: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


def _lines(source: BinaryIO, problems: list[RowProblem]) -> Iterator[tuple[int, str]]:
    """Decoded physical lines with their numbers; a line of bad UTF-8 or over MAX_LINE bytes is
    reported and replaced by an empty line (so the line numbers of the rest stay true)."""
    number = 0
    while True:
        raw = source.readline(MAX_LINE + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the over-long line
                raw = source.readline(MAX_LINE + 1)
            problems.append(RowProblem(number, f"the line is longer than {MAX_LINE:,} bytes"))
            yield number, "\n"
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(
                RowProblem(
                    number, f"not UTF-8 text (byte {error.start + 1}); save the file as UTF-8"
                )
            )
            yield number, "\n"


def read_rows(
    source: BinaryIO, required: tuple[str, ...], problems: list[RowProblem]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV with a header line as dicts, with the line number each starts on."""
    numbered = _lines(source, problems)
    current = [0]

    def text() -> Iterator[str]:
        for number, line in numbered:
            current[0] = number
            yield line

    reader = csv.reader(text())
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        problems.append(RowProblem(1, "the file is empty; the first line must name the columns"))
        return
    except csv.Error as error:
        problems.append(RowProblem(1, f"the header line cannot be read ({error})"))
        return
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(RowProblem(1, "the header line lacks the column(s) " + ", ".join(missing)))
        return
    while True:
        start = current[0] + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(RowProblem(start, f"cannot be read as CSV ({error})"))
            continue
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                RowProblem(start, f"has {len(cells)} columns where the header has {len(header)}")
            )
            continue
        long = next((h for h, c in zip(header, cells, strict=True) if len(c) > MAX_CELL), None)
        if long is not None:
            problems.append(
                RowProblem(start, f"the cell is longer than {MAX_CELL:,} characters", long)
            )
            continue
        yield start, dict(zip(header, cells, strict=True))


def read_mentions(source: BinaryIO, problems: list[RowProblem]) -> Iterator[Mention]:
    """Mentions from a link_mentions CSV (columns as in MENTION_FIELDS; all but mention_id may
    be empty or absent)."""
    csv.field_size_limit(MAX_LINE)
    seen: set[str] = set()
    for line, row in read_rows(source, ("mention_id",), problems):
        mention_id = row.get("mention_id", "").strip()
        if not mention_id:
            problems.append(RowProblem(line, "mention_id is empty", "mention_id"))
            continue
        if mention_id in seen:
            problems.append(
                RowProblem(line, f"mention_id {mention_id!r} was used before", "mention_id")
            )
            continue
        seen.add(mention_id)
        yield Mention.from_row(
            {k: row.get(k, "") for k in MENTION_FIELDS} | {"mention_id": mention_id}
        )


_KINDS = {
    "same": Kind.SAME,
    "must_link": Kind.SAME,
    "must-link": Kind.SAME,
    "confirm": Kind.SAME,
    "different": Kind.DIFFERENT,
    "cannot_link": Kind.DIFFERENT,
    "cannot-link": Kind.DIFFERENT,
    "split": Kind.DIFFERENT,
}


def read_decisions(source: BinaryIO, problems: list[RowProblem]) -> list[Decision]:
    """Decisions from a CSV with columns ``mention_a, mention_b, decision`` (same / different),
    oldest first (a later row overrides an earlier one it contradicts)."""
    out = []
    for line, row in read_rows(source, ("mention_a", "mention_b", "decision"), problems):
        kind = _KINDS.get(row["decision"].strip().lower())
        if kind is None:
            problems.append(RowProblem(line, "decision must be 'same' or 'different'", "decision"))
            continue
        a, b = row["mention_a"].strip(), row["mention_b"].strip()
        if not a or not b:
            problems.append(RowProblem(line, "both mention ids are needed"))
            continue
        out.append(Decision(kind, a, b))
    return out


def write_assignments(out: TextIO, assignments: dict[str, str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["mention_id", "person_id"])
    writer.writerows(assignments.items())
