"""Spreadsheet-safe CSV for every export in relsafe.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab, carriage return or NUL, which some
spreadsheets skip before looking) is read as a formula when the file is opened, so a name typed as
``=HYPERLINK(...)`` could run in the reader's spreadsheet (OWASP "CSV injection", ASVS 1.2.10).
Such cells get a leading single quote, which spreadsheets show as text. Numbers are left alone:
``-3`` written from an ``int`` is a number, not a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Excel reads a UTF-8 file as Windows-1252 unless it starts with a byte-order mark.
UTF8_BOM = "\ufeff"


def escape_cell(value: object) -> str:
    """The text to write for one cell: never something a spreadsheet would run as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def escape_row(row: Iterable[object]) -> list[str]:
    return [escape_cell(value) for value in row]


class _Echo:
    """A file-like object whose ``write`` returns what it was given, so csv.writer yields lines."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The whole file, one escaped line at a time (the header too: column names can be data)."""
    writer = csv.writer(_Echo())
    yield UTF8_BOM + writer.writerow(escape_row(header))
    for row in rows:
        yield writer.writerow(escape_row(row))


def csv_download(
    *, filename: str, header: Sequence[str], rows: Iterable[Iterable[object]]
) -> HttpResponse:
    """The whole file in one response: for exports small enough to build in memory (a family's
    chronology), where a plain response is simpler for decorators and tests."""
    response = HttpResponse(
        "".join(csv_lines(header, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    *, filename: str, header: Sequence[str], rows: Iterable[Iterable[object]]
) -> StreamingHttpResponse:
    """A download streamed row by row, so a large export does not sit in memory."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
