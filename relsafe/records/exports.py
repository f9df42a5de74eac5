"""Spreadsheet-safe CSV for records exports.

Stand-in with the same behaviour and names as ``relsafe.core.exports`` (being added on another
branch): once that lands, import from there and delete this module. A cell that starts with ``=``,
``+``, ``-`` or ``@`` (or a tab, carriage return or NUL, which some spreadsheets skip) would be run as
a formula when opened (OWASP "CSV injection", ASVS 1.2.10), so it gets a leading single quote.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
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
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
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
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
