"""CSV cells can never be read as spreadsheet formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relsafe.core.exports import FORMULA_TRIGGERS, csv_download, escape_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+44 7700 900000", "'+44 7700 900000"),
        ("-drop", "'-drop"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("\0nul", "'\0nul"),
        ("Jayden scored", "Jayden scored"),
        (-3, "-3"),
        (None, ""),
        (dt.date(2026, 3, 7), "2026-03-07"),
    ],
)
def test_escape_cell(value: object, expected: str) -> None:
    assert escape_cell(value) == expected


@settings(deadline=None, max_examples=200)
@given(st.text())
def test_no_text_cell_starts_like_a_formula(text: str) -> None:
    escaped = escape_cell(text)
    assert not escaped.startswith(FORMULA_TRIGGERS)
    assert escaped.endswith(text)


def test_csv_download_escapes_header_and_rows() -> None:
    response = csv_download(filename="x.csv", header=["=A"], rows=[["@B", "ok"]])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["'=A"], ["'@B", "ok"]]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
