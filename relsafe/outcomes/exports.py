"""The figures as CSV, XLSX and PDF. Aggregates only: every value comes from the suppressed figures
(a hidden cell is written as its words, never its number), and every text cell is made
formula-safe (``core.exports.escape_cell``)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from relsafe.core.exports import escape_cell
from relsafe.outcomes.charts import figure_charts

HEADER = ("Table", "Row", "Column", "Value")
NOT_SHOWN = "not shown"
LEFT_OUT = "left out: small numbers"


def _cell(cell: dict[str, Any]) -> object:
    return cell["value"] if cell["value"] is not None else cell["display"]


Row = tuple[str, str, str, object]


def _scope_rows(figures: dict[str, Any]) -> Iterator[Row]:
    scope = figures["scope"]
    yield ("Scope", "Period", "", scope["period"])
    yield ("Scope", "Organisation", "", scope["organisation"])
    yield ("Scope", "Team", "", scope["team"])
    yield ("Scope", "Cost tables version", "", figures["table_version"] or "")
    cohort = figures["cohort"]
    yield ("Cohort", "Open at the end of the period", "Families", _cell(cohort["open"]))
    yield ("Cohort", "Closed in the period", "Families", _cell(cohort["closed"]))
    yield ("Cohort", "All families supported", "Families", _cell(cohort["total"]))


def _outcome_rows(figures: dict[str, Any]) -> Iterator[Row]:
    outcomes = figures["outcomes"]
    for row in outcomes["rows"]:
        for column, cell in zip(outcomes["columns"], row["cells"], strict=True):
            yield ("Outcomes by type", row["label"], column, _cell(cell))
        yield ("Outcomes by type", row["label"], "Total", _cell(row["total"]))
    yield ("Outcomes by type", "All outcomes", "Total", _cell(outcomes["total"]))
    missing = figures["missing"]
    yield ("Missing episodes", "Children", "", _cell(missing["children"]))
    yield ("Missing episodes", "Episodes before support (6 months)", "", _cell(missing["before"]))
    yield ("Missing episodes", "Episodes since support began", "", _cell(missing["after"]))
    yield (
        "Missing episodes",
        "Per child per month before",
        "",
        missing["before_rate"] or NOT_SHOWN,
    )
    yield ("Missing episodes", "Per child per month since", "", missing["after_rate"] or NOT_SHOWN)
    rhi = figures["return_interviews"]
    for key, label in (
        ("on_time", "Within 72 hours"),
        ("late", "Later than 72 hours"),
        ("not_done", "Not held"),
        ("total", "All returns"),
    ):
        yield ("Return home interviews", label, "Returns", _cell(rhi[key]))
    yield ("Return home interviews", "On time", "Per cent", rhi["percent_on_time"] or NOT_SHOWN)
    yield ("Court attendance", "Child attended court", "", _cell(figures["court"]["child"]))
    yield ("Court attendance", "Parent attended court", "", _cell(figures["court"]["parent"]))


def _measure_rows(figures: dict[str, Any]) -> Iterator[Row]:
    for table, key, items in (
        ("Safety scale", "children", figures["scale"]),
        ("Parent measures", "parents", figures["parent_measures"]),
    ):
        for item in items:
            yield (table, item["label"], "People", _cell(item[key]))
            for which in ("first", "latest", "change"):
                yield (table, item["label"], f"Average {which}", item[which] or NOT_SHOWN)


def _cost_rows(costs: dict[str, Any]) -> Iterator[Row]:
    for line in costs["lines"]:
        yield ("Avoided cost", line["label"], "Outcomes", _cell(line["count"]))
        for key in ("low", "central", "high"):
            yield ("Avoided cost", line["label"], key.capitalize(), line.get(key, LEFT_OUT))
    for group, label in (
        ("cashable", "Cashable"),
        ("non_cashable", "Non-cashable"),
        ("all", "All"),
    ):
        for key in ("low", "central", "high"):
            yield ("Avoided cost totals", label, key.capitalize(), costs["totals"][group][key])
    for row in costs["tables"]["unit_costs"]:
        yield (
            "Unit costs",
            row["item"],
            f"{row['unit']}, {row['price_year']} prices",
            f"£{row['amount']} ({row['source']}) {row['source_url']}".strip(),
        )
    for row in costs["tables"]["assumptions"]:
        yield (
            "Probabilities",
            row["label"],
            "low / central / high",
            f"{row['low']} / {row['central']} / {row['high']} ({row['source']})",
        )
    yield ("Uprating index", "Source", "", costs["tables"]["index_source"])
    for year, value in costs["tables"]["index"].items():
        yield ("Uprating index", year, "Index", value)


def figure_rows(figures: dict[str, Any]) -> Iterator[Row]:
    """Every aggregate figure as (table, row, column, value)."""
    yield from _scope_rows(figures)
    yield from _outcome_rows(figures)
    yield from _measure_rows(figures)
    if figures.get("costs"):
        yield from _cost_rows(figures["costs"])


def xlsx_bytes(figures: dict[str, Any]) -> bytes:
    """One sheet per table, formula-safe."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheets: dict[str, Any] = {}
    default = workbook.active
    for table, row, column, value in figure_rows(figures):
        sheet = sheets.get(table)
        if sheet is None:
            sheet = default if not sheets else workbook.create_sheet()
            sheet.title = table[:31]
            sheet.append(list(HEADER[1:]))
            sheets[table] = sheet
        sheet.append(
            [
                escape_cell(row),
                escape_cell(column),
                value if isinstance(value, int) else escape_cell(value),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """PDFs are built from our own template only: nothing is fetched from anywhere."""
    raise ValueError(f"Refusing to fetch {url[:60]} while building a PDF")


def pdf_bytes(*, title: str, figures: dict[str, Any], published: Any = None) -> bytes:
    """The commissioner's report: summary, outcomes, costs avoided with sources and assumptions,
    methods."""
    from weasyprint import HTML

    document = render_to_string(
        "outcomes/report_pdf.html",
        {
            "title": title,
            "figures": figures,
            "charts": figure_charts(figures, prefix="pdf"),
            "published": published,
            "now": timezone.now(),
        },
    )
    return bytes(HTML(string=document, url_fetcher=_no_fetch).write_pdf())
