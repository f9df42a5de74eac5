"""Small numbers: no count under 5 is shown, and none can be worked out from the totals that are.

Rule (the ONS and NHS Digital practice of primary and secondary suppression):

* **Primary**: any count under ``THRESHOLD`` (0 to 4) is shown as "fewer than 5".
* **Secondary**: a table's totals are sums of its cells, so one hidden cell in a line whose total
  is shown could be subtracted back out, and so could two hidden cells that must both be 4 (or 0).
  For every line we work out what a reader could deduce about each hidden cell from what is shown
  (a primary cell is 0 to 4; a secondary one is 5 or more; shown cells and totals are exact), and
  while any hidden cell has exactly one possible value we hide the smallest shown cell of its line
  too (a total only when nothing else is left). Secondary cells say "hidden" rather than "fewer
  than 5", which would be untrue.

Tables take one shape only: rows of cells, each row with its total, and a grand total of the row
totals (a one-line table is one row). Each cell is in one line and each row total in two, so the
lines form a tree; on a tree, narrowing every hidden cell's range line by line until nothing
changes gives exactly what a reader could deduce, so "no hidden cell has one possible value" is
exactly "nothing hidden can be recovered". ``tests/outcomes/test_suppression.py`` checks this
against a brute-force reader with hypothesis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

THRESHOLD = 5
FEWER_THAN = f"fewer than {THRESHOLD}"
HIDDEN = "hidden"
# A reader knows nothing above a hidden cell that is at least 5 except what the totals say.
UNBOUNDED = 10**12

Status = Literal["shown", "primary", "secondary"]


@dataclass
class Cell:
    value: int
    status: Status = "shown"

    @property
    def shown(self) -> bool:
        return self.status == "shown"

    @property
    def display(self) -> str:
        """What a reader sees."""
        if self.status == "primary":
            return FEWER_THAN
        if self.status == "secondary":
            return HIDDEN
        return f"{self.value:,}"

    @property
    def public_value(self) -> int | None:
        """The number, or None when it is hidden (for CSV, XLSX and stored reports)."""
        return self.value if self.shown else None

    def as_dict(self) -> dict[str, object]:
        return {"value": self.public_value, "display": self.display, "status": self.status}


@dataclass
class SuppressedTable:
    """Rows of cells with their row totals and the grand total, after suppression."""

    rows: list[list[Cell]]
    row_totals: list[Cell]
    total: Cell
    lines: list[list[Cell]] = field(default_factory=list, repr=False)

    def all_cells(self) -> list[Cell]:
        return [c for row in self.rows for c in row] + self.row_totals + [self.total]


def _bounds(cell: Cell, ceiling: int) -> tuple[int, int]:
    """What a reader knows about one cell from how it is shown."""
    if cell.status == "shown":
        return cell.value, cell.value
    if cell.status == "primary":
        return 0, THRESHOLD - 1
    return THRESHOLD, ceiling


def deduced_ranges(lines: list[list[Cell]], ceiling: int) -> dict[int, tuple[int, int]]:
    """For every hidden cell (by ``id``), the smallest and largest value a reader could deduce from
    what is shown: each line says its last cell (the total) is the sum of the others. Ranges are
    narrowed line by line until nothing changes."""
    ranges: dict[int, tuple[int, int]] = {}
    cells = {id(c): c for line in lines for c in line}
    for key, cell in cells.items():
        ranges[key] = _bounds(cell, ceiling)
    changed = True
    while changed:
        changed = False
        for line in lines:
            # sum(parts) - total = 0, with the total given coefficient -1.
            terms = [(c, 1) for c in line[:-1]] + [(line[-1], -1)]
            for cell, sign in terms:
                # What the other terms allow: sign*x = -(sum of others)
                low_rest = sum(
                    (ranges[id(o)][0] if s > 0 else -ranges[id(o)][1])
                    for o, s in terms
                    if o is not cell
                )
                high_rest = sum(
                    (ranges[id(o)][1] if s > 0 else -ranges[id(o)][0])
                    for o, s in terms
                    if o is not cell
                )
                # sign*x in [-high_rest, -low_rest]
                lo, hi = ranges[id(cell)]
                if sign > 0:
                    new_lo, new_hi = max(lo, -high_rest), min(hi, -low_rest)
                else:
                    new_lo, new_hi = max(lo, low_rest), min(hi, high_rest)
                if (new_lo, new_hi) != (lo, hi) and new_lo <= new_hi:
                    ranges[id(cell)] = (new_lo, new_hi)
                    changed = True
    return ranges


def _exposed(lines: list[list[Cell]], ceiling: int) -> list[list[Cell]]:
    """The lines holding a hidden cell that a reader could pin down to one value."""
    ranges = deduced_ranges(lines, ceiling)
    return [
        line
        for line in lines
        if any(not c.shown and ranges[id(c)][0] == ranges[id(c)][1] for c in line)
    ]


def _suppress(lines: list[list[Cell]]) -> None:
    for line in lines:
        for cell in line:
            if cell.value < THRESHOLD:
                cell.status = "primary"
    ceiling = UNBOUNDED
    while True:
        for line in _exposed(lines, ceiling):
            candidates = [c for c in line[:-1] if c.shown] or [c for c in line if c.shown]
            if candidates:
                min(candidates, key=lambda c: c.value).status = "secondary"
                break
        else:
            return  # nothing is exposed, or nothing more can be hidden where it is


def suppress_rows(rows: list[list[int]]) -> SuppressedTable:
    """Rows of counts with a total per row and a grand total, suppressed (see the module)."""
    cells = [[Cell(int(v)) for v in row] for row in rows]
    row_totals = [Cell(sum(int(v) for v in row)) for row in rows]
    total = Cell(sum(t.value for t in row_totals))
    lines = [[*row, row_total] for row, row_total in zip(cells, row_totals, strict=True)]
    if len(rows) > 1:
        lines.append([*row_totals, total])
    else:
        total = row_totals[0] if rows else total
    _suppress(lines)
    return SuppressedTable(rows=cells, row_totals=row_totals, total=total, lines=lines)


def suppress_line(values: list[int]) -> SuppressedTable:
    """One line of counts and its total, suppressed."""
    return suppress_rows([values])


def single(value: int) -> Cell:
    """A count shown on its own, in no table with a total."""
    cell = Cell(int(value))
    if cell.value < THRESHOLD:
        cell.status = "primary"
    return cell
