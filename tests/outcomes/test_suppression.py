"""Small numbers: hand-worked edge cases, and a property test against a brute-force reader who
knows the rule and tries every value a hidden cell could take."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from relsafe.outcomes.suppression import (
    FEWER_THAN,
    HIDDEN,
    THRESHOLD,
    Cell,
    SuppressedTable,
    single,
    suppress_line,
    suppress_rows,
)


def shown(table: SuppressedTable) -> list[list[str]]:
    return [
        [c.display for c in row] + [t.display]
        for row, t in zip(table.rows, table.row_totals, strict=True)
    ]


def test_nothing_is_hidden_when_every_count_is_5_or_more() -> None:
    table = suppress_line([5, 6, 12])
    assert [c.display for c in table.rows[0]] == ["5", "6", "12"]
    assert table.total.display == "23"


def test_one_small_count_hides_the_next_smallest_so_the_total_cannot_give_it_away() -> None:
    table = suppress_line([3, 10, 7])
    assert [c.display for c in table.rows[0]] == [FEWER_THAN, "10", HIDDEN]
    assert table.total.display == "20"


def test_two_zeros_beside_a_total_are_not_enough_on_their_own() -> None:
    # 0 + 0 + 12 = 12: with 12 shown the two hidden cells could only be 0.
    table = suppress_line([0, 0, 12])
    assert [c.status for c in table.rows[0]] == ["primary", "primary", "secondary"]


def test_two_fours_are_not_enough_either() -> None:
    # 4 + 4 + 20 = 28: 28 - 20 = 8 can only be 4 + 4.
    table = suppress_line([4, 4, 20])
    assert [c.status for c in table.rows[0]] == ["primary", "primary", "secondary"]


def test_when_only_the_total_is_left_it_is_hidden_too() -> None:
    # 0 and 5: with 5 hidden as "5 or more", a total of 5 would still say the first is 0.
    table = suppress_line([0, 5])
    assert [c.status for c in table.rows[0]] == ["primary", "secondary"]
    assert table.total.status == "secondary"


def test_a_small_total_is_itself_fewer_than_5() -> None:
    table = suppress_line([1, 2])
    assert table.total.display == FEWER_THAN


def test_rows_and_their_totals() -> None:
    table = suppress_rows([[6, 7], [2, 9], [8, 8]])
    assert shown(table) == [["6", "7", "13"], [FEWER_THAN, HIDDEN, "11"], ["8", "8", "16"]]
    assert table.total.display == "40"


def test_a_small_row_total_brings_another_row_total_down_with_it() -> None:
    table = suppress_rows([[1, 2], [9, 9], [10, 12]])
    # Row 1's total (3) is small; the grand total would give it away, so the smallest other row
    # total (18) is hidden too.
    assert [t.status for t in table.row_totals] == ["primary", "secondary", "shown"]
    assert table.total.display == "43"


def test_a_count_on_its_own() -> None:
    assert single(4).display == FEWER_THAN
    assert single(0).public_value is None
    assert single(5).display == "5"


# --- the property: no hidden cell can be worked out from what is shown -----------------------


def _domain(cell: Cell, ceiling: int) -> range:
    if cell.status == "shown":
        return range(cell.value, cell.value + 1)
    if cell.status == "primary":
        return range(THRESHOLD)
    return range(THRESHOLD, ceiling + 1)


def _row_options(row: list[Cell], total: Cell, ceiling: int) -> list[tuple[tuple[int, ...], int]]:
    """Every assignment of the row's cells a reader cannot rule out, with its sum."""
    options = []
    domains = [_domain(c, ceiling) for c in row]
    total_domain = _domain(total, ceiling)
    for values in itertools.product(*domains):
        s = sum(values)
        if s in total_domain:
            options.append((values, s))
    return options


def possible_values(  # noqa: C901 - a brute-force reader, kept in one piece to be read
    table: SuppressedTable, ceiling: int
) -> dict[int, set[int]]:
    """A brute-force reader: for each hidden cell (by id), every value consistent with all that
    is shown and with the rule (fewer than 5 means 0 to 4; hidden means 5 or more)."""
    per_row = [
        _row_options(row, total, ceiling)
        for row, total in zip(table.rows, table.row_totals, strict=True)
    ]
    grand = _domain(table.total, ceiling) if len(table.rows) > 1 else None
    sums = [{s for _, s in options} for options in per_row]
    found: dict[int, set[int]] = {id(c): set() for c in table.all_cells() if not c.shown}
    for i, options in enumerate(per_row):
        others: set[int] = {0}
        for j, s_j in enumerate(sums):
            if j != i:
                others = {a + b for a in others for b in s_j}
        for values, s in options:
            if grand is not None and not any((s + o) in grand for o in others):
                continue
            for cell, value in zip(table.rows[i], values, strict=True):
                if not cell.shown:
                    found[id(cell)].add(value)
            if not table.row_totals[i].shown:
                found[id(table.row_totals[i])].add(s)
    if grand is not None and not table.total.shown:
        totals: set[int] = {0}
        for s_j in sums:
            totals = {a + b for a in totals for b in s_j}
        found[id(table.total)] = {t for t in totals if t in grand}
    return found


counts = st.integers(min_value=0, max_value=8)


@settings(max_examples=120, deadline=None)
@given(st.lists(counts, min_size=1, max_size=4))
def test_no_hidden_cell_in_a_line_can_be_recovered(values: list[int]) -> None:
    table = suppress_line(values)
    ceiling = sum(values) + THRESHOLD
    for seen in possible_values(table, ceiling).values():
        assert len(seen) >= 2, (values, shown(table))
    assert all(c.status != "shown" or c.value >= THRESHOLD for c in table.all_cells())


@settings(max_examples=120, deadline=None)
@given(
    st.integers(min_value=1, max_value=3).flatmap(
        lambda width: st.lists(
            st.lists(counts, min_size=width, max_size=width), min_size=2, max_size=3
        )
    )
)
def test_no_hidden_cell_in_rows_with_totals_can_be_recovered(rows: list[list[int]]) -> None:
    table = suppress_rows(rows)
    ceiling = sum(map(sum, rows)) + THRESHOLD
    for seen in possible_values(table, ceiling).values():
        assert len(seen) >= 2, (rows, shown(table), table.total.display)
    assert all(c.status != "shown" or c.value >= THRESHOLD for c in table.all_cells())
