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


# Line styles for the chart over time: colour, dash and marker together, so lines read without
# colour (cycled when there are more types than styles).
LINE_STYLES: tuple[tuple[str, str, str], ...] = (
    ("#1d70b8", "", "circle"),
    ("#0b0c0c", "8 4", "square"),
    ("#00703c", "2 4", "triangle"),
    ("#4c2c92", "10 4 2 4", "diamond"),
    ("#d4351c", "", "square"),
    ("#505a5f", "8 4", "circle"),
)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 5
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'
    if shape == "square":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" '
            f'fill="{colour}"/>'
        )
    if shape == "triangle":
        points = f"{x:.1f},{y - r - 1:.1f} {x - r - 1:.1f},{y + r:.1f} {x + r + 1:.1f},{y + r:.1f}"
    else:
        points = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y:.1f} {x:.1f},{y + r + 1:.1f} {x - r - 1:.1f},{y:.1f}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def time_chart_svg(
    columns: list[str], series: list[tuple[str, list[dict[str, Any]]]], *, chart_id: str, title: str
) -> SafeString:
    """One line per type across the quarters; a hidden count is a gap in its line (and words in
    the description), never a point."""
    width, left, right, top, plot_h = 680, 48, 16, 12, 200
    legend_top = top + plot_h + 48
    height = legend_top + 22 * ((len(series) + 1) // 2) + 8
    plot_w = width - left - right
    largest = max(
        (c["value"] for _, cells in series for c in cells if c["value"] is not None), default=0
    )
    top_value = max(5, largest)

    def x(i: int) -> float:
        return left + 56 + (plot_w - 112) * (i / max(len(columns) - 1, 1))

    def y(v: float) -> float:
        return top + plot_h * (1 - v / top_value)

    description = (
        " ".join(
            f"{label}: "
            + ", ".join(f"{col} {c['display']}" for col, c in zip(columns, cells, strict=True))
            + "."
            for label, cells in series
        )
        or "No type of outcome has enough to show over time."
    )
    out = [
        f'<svg class="rs-chart" viewBox="0 0 {width} {height}" role="img" focusable="false" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        '<g font-family="Arial, Helvetica, sans-serif" font-size="13" fill="#0b0c0c">',
    ]
    for tick in range(0, top_value + 1, max(1, top_value // 4)):
        out.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + plot_w}" y2="{y(tick):.1f}" '
            'stroke="#b1b4b6" stroke-width="1"/>'
        )
        out.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    out.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#0b0c0c" stroke-width="2"/>'
    )
    out.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#0b0c0c" stroke-width="2"/>'
    )
    for i, column in enumerate(columns):
        out.append(
            f'<text x="{x(i):.1f}" y="{top + plot_h + 20}" text-anchor="middle">{escape(column)}</text>'
        )
    for n, (label, cells) in enumerate(series):
        colour, dash, marker = LINE_STYLES[n % len(LINE_STYLES)]
        commands, pen = [], False
        for i, cell in enumerate(cells):
            if cell["value"] is None:
                pen = False
                continue
            commands.append(f"{'L' if pen else 'M'}{x(i):.1f} {y(cell['value']):.1f}")
            pen = True
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if commands:
            out.append(
                f'<path d="{" ".join(commands)}" fill="none" stroke="{colour}" stroke-width="3"{dash_attr}/>'
            )
        out.extend(
            _marker(marker, x(i), y(cell["value"]), colour)
            for i, cell in enumerate(cells)
            if cell["value"] is not None
        )
        lx = left + (n % 2) * 320
        ly = legend_top + (n // 2) * 22
        out.append(
            f'<line x1="{lx}" y1="{ly}" x2="{lx + 36}" y2="{ly}" stroke="{colour}" stroke-width="3"{dash_attr}/>'
        )
        out.append(_marker(marker, lx + 18, ly, colour))
        out.append(f'<text x="{lx + 44}" y="{ly + 4}">{escape(label)}</text>')
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
    charts["over_time"] = time_chart_svg(
        figures["outcomes"]["columns"],
        [(r["label"], r["cells"]) for r in rows if r["total"]["value"] is not None],
        chart_id=f"{prefix}-over-time",
        title="Outcomes over time, by quarter, for each type with 5 or more in the period",
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
