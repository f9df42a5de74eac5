"""Horizontal bar charts drawn on the server as accessible inline SVG (the approach of
``assessments.charts``): no JavaScript, a title and a text description, presentation attributes
only (the strict CSP allows them), and the page shows the same numbers in a table. A hidden small
number gets no bar, only its words ("fewer than 5"), so the chart never shows more than the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 680
LABEL_W = 300
RIGHT = 110
BAR_H = 22
GAP = 10
TOP = 8
COLOURS = ("#1d70b8", "#0b0c0c", "#00703c", "#4c2c92")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: hidden (a small number) or not known
    display: str  # the value in words, e.g. "12" or "fewer than 5" or "£1,200"
    series: int = 0  # which colour and pattern (e.g. before / after)


def bar_chart_svg(bars: list[Bar], *, chart_id: str, title: str) -> SafeString:
    """Bars from zero, scaled to the largest shown value; the value is written after each bar."""
    height = TOP * 2 + len(bars) * (BAR_H + GAP)
    largest = max((b.value for b in bars if b.value is not None), default=0) or 1
    plot_w = WIDTH - LABEL_W - RIGHT
    description = "; ".join(f"{b.label}: {b.display}" for b in bars) or "Nothing to show."
    out = [
        f'<svg class="rs-chart" viewBox="0 0 {WIDTH} {height}" role="img" focusable="false" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}.</desc>',
        '<g font-family="Arial, Helvetica, sans-serif" font-size="14" fill="#0b0c0c">',
        f'<line x1="{LABEL_W}" y1="{TOP}" x2="{LABEL_W}" y2="{height - TOP}" stroke="#0b0c0c" '
        'stroke-width="2"/>',
    ]
    for n, bar in enumerate(bars):
        y = TOP + n * (BAR_H + GAP)
        mid = y + BAR_H / 2 + 5
        out.append(
            f'<text x="{LABEL_W - 8}" y="{mid:.1f}" text-anchor="end">{escape(bar.label)}</text>'
        )
        colour = COLOURS[bar.series % len(COLOURS)]
        width = 0.0
        if bar.value is not None and bar.value > 0:
            width = max(2.0, plot_w * bar.value / largest)
            out.append(
                f'<rect x="{LABEL_W}" y="{y}" width="{width:.1f}" height="{BAR_H}" fill="{colour}"/>'
            )
            if bar.series % 2:
                # A second series is striped as well as coloured, so it reads without colour.
                out.append(
                    f'<rect x="{LABEL_W}" y="{y + BAR_H / 2 - 2:.1f}" width="{width:.1f}" '
                    'height="4" fill="#ffffff"/>'
                )
        out.append(
            f'<text x="{LABEL_W + width + 6:.1f}" y="{mid:.1f}">{escape(bar.display)}</text>'
        )
    out.append("</g></svg>")
    return mark_safe("".join(out))  # noqa: S308 - every interpolated text is escaped above


def _number(text: str | None) -> float | None:
    if text in (None, ""):
        return None
    return float(str(text).replace("£", "").replace(",", "").replace("%", ""))


def figure_charts(figures: dict[str, Any], *, prefix: str = "fig") -> dict[str, SafeString]:
    """The dashboard's charts, drawn from the same figures as its tables (live or published)."""
    charts: dict[str, SafeString] = {}
    rows = figures["outcomes"]["rows"]
    charts["outcomes"] = bar_chart_svg(
        [Bar(r["label"], r["total"]["value"], r["total"]["display"]) for r in rows],
        chart_id=f"{prefix}-outcomes",
        title="Outcomes in the period, by type",
    )
    missing = figures["missing"]
    charts["missing"] = bar_chart_svg(
        [
            Bar(
                "Before support",
                _number(missing["before_rate"]),
                missing["before_rate"] or "not shown (small numbers)",
            ),
            Bar(
                "Since support began",
                _number(missing["after_rate"]),
                missing["after_rate"] or "not shown (small numbers)",
                series=1,
            ),
        ],
        chart_id=f"{prefix}-missing",
        title="Missing episodes per child per month",
    )
    scale_bars = []
    for voice in figures["scale"]:
        for which, series, words in (("first", 0, "first"), ("latest", 1, "latest")):
            value = voice[which]
            scale_bars.append(
                Bar(
                    f"{voice['label']}: {words}",
                    _number(value),
                    value or "not shown (small numbers)",
                    series=series,
                )
            )
    charts["scale"] = bar_chart_svg(
        scale_bars,
        chart_id=f"{prefix}-scale",
        title="Average safety scale, first and latest mapping, by voice (0 to 10)",
    )
    cost = figures.get("costs")
    if cost:
        totals = cost["totals"]["all"]
        charts["costs"] = bar_chart_svg(
            [
                Bar(
                    f"{which.capitalize()} estimate",
                    _number(totals[which]),
                    totals[which],
                    series=n,
                )
                for n, which in enumerate(("low", "central", "high"))
            ],
            chart_id=f"{prefix}-costs",
            title=f"Estimated avoided cost, {cost['base_year']} prices",
        )
    return charts
