"""CSV exports cannot smuggle a formula into the reader's spreadsheet (OWASP CSV injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from relsafe.core.exports import FORMULA_TRIGGERS, csv_lines, csv_response, escape_cell

# Examples are quick, but a busy CI machine can stall any one of them past the default deadline.
no_deadline = hypothesis_settings(deadline=None)

# Text that may contain commas, quotes, newlines and anything else a person could type.
any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@no_deadline
@given(any_text)
def test_no_escaped_cell_starts_like_a_formula(text: str) -> None:
    assert not escape_cell(text).startswith(FORMULA_TRIGGERS)


@no_deadline
@given(st.sampled_from(FORMULA_TRIGGERS), any_text)
def test_dangerous_cells_get_exactly_one_leading_quote(first: str, rest: str) -> None:
    assert escape_cell(first + rest) == "'" + first + rest


@no_deadline
@given(any_text.filter(lambda t: not t.startswith(FORMULA_TRIGGERS)))
def test_ordinary_text_is_left_as_typed(text: str) -> None:
    assert escape_cell(text) == text


@no_deadline
@given(st.lists(st.lists(any_text, min_size=1, max_size=4), max_size=5))
def test_a_file_reads_back_to_the_escaped_cells(rows: list[list[str]]) -> None:
    header = ["a", "b", "c", "d"]
    content = "".join(csv_lines(header, rows)).removeprefix("\ufeff")
    read = list(csv.reader(io.StringIO(content, newline="")))
    assert read[0] == header
    assert read[1:] == [[escape_cell(cell) for cell in row] for row in rows]


def test_examples_from_the_owasp_cheat_sheet() -> None:
    assert escape_cell('=HYPERLINK("http://evil.example","Click")') == (
        '\'=HYPERLINK("http://evil.example","Click")'
    )
    assert escape_cell("+1+2") == "'+1+2"
    assert escape_cell("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0"
    assert escape_cell("@SUM(1,1)") == "'@SUM(1,1)"
    assert escape_cell("\t=1") == "'\t=1"
    assert escape_cell("\r=1") == "'\r=1"
    assert escape_cell("\0=1") == "'\0=1"
    assert escape_cell("Jayden's mum") == "Jayden's mum"


def test_numbers_dates_and_empty_values_stay_what_they_are() -> None:
    assert escape_cell(-3) == "-3"
    assert escape_cell(Decimal("-1.50")) == "-1.50"
    assert escape_cell(None) == ""
    assert escape_cell(dt.date(2026, 3, 27)) == "2026-03-27"
    assert escape_cell(True) == "True"


def test_the_download_is_an_attachment_that_excel_reads_as_utf8() -> None:
    response = csv_response(filename="x.csv", header=["name"], rows=[["=1+1"], ["Zoë"]])
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()  # type: ignore[arg-type]
    assert body.startswith("\ufeffname\r\n")
    assert "'=1+1" in body
    assert "Zoë" in body
