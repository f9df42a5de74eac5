"""A parent's check-ins over time, drawn on the server as an accessible inline SVG.

The same approach as the safety-scale chart (``assessments/charts.py``; the portal sits beside
assessments in the layers, so it cannot import it): no JavaScript, each scale with its own line
style *and* marker shape so the chart reads without colour, a title and a text description, and
the page shows the same numbers in a table. Presentation attributes only (the strict CSP).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from relsafe.portal.scales import CHECK_IN_SCALES

STYLES: dict[str, dict[str, str]] = {
    # GOV.UK colours, each at least 3:1 against white.
    "coping": {"colour": "#1d70b8", "dash": "", "marker": "circle"},
    "understanding": {"colour": "#0b0c0c", "dash": "8 4", "marker": "square"},
    "confidence": {"colour": "#00703c", "dash": "2 4", "marker": "triangle"},
}

WIDTH, HEIGHT = 480, 300
LEFT, RIGHT, TOP, BOTTOM = 52, 24, 12, 120
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM
X_INSET = 14
MIN_LABEL_GAP = 62
NUDGE = 3.0


def _x(index: int, dates: Sequence[dt.date]) -> float:
    inner = PLOT_W - 2 * X_INSET
    if len(dates) == 1:
        return LEFT + PLOT_W / 2
    span = (dates[-1] - dates[0]).days
    if span == 0:
        return LEFT + X_INSET + inner * index / (len(dates) - 1)
    return LEFT + X_INSET + inner * (dates[index] - dates[0]).days / span


def _y(value: int) -> float:
    return TOP + PLOT_H * (5 - value) / 4


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 5
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{colour}"/>'
    points = f"{x:.1f},{y - r - 1:.1f} {x - r - 1:.1f},{y + r:.1f} {x + r + 1:.1f},{y + r:.1f}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def describe(check_ins: Sequence[Any]) -> str:
    """One sentence per scale: the first and the latest answer, for screen readers."""
    if not check_ins:
        return "No check-ins yet."
    first, last = check_ins[0], check_ins[-1]
    parts = []
    for scale in CHECK_IN_SCALES:
        a, b = getattr(first, scale.field), getattr(last, scale.field)
        if len(check_ins) == 1:
            parts.append(f"{scale.short}: {a} out of 5.")
        else:
            parts.append(f"{scale.short}: from {a} to {b} out of 5.")
    return " ".join(parts)


def check_in_chart_svg(check_ins: Sequence[Any], *, chart_id: str, title: str) -> SafeString:
    """The chart for ``check_ins`` (oldest first); ``chart_id`` keeps element ids unique."""
    dates = [timezone.localtime(c.recorded_at).date() for c in check_ins]
    out: list[str] = [
        f'<svg class="rs-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" focusable="false" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(check_ins))}</desc>',
        '<g font-family="Arial, Helvetica, sans-serif" font-size="14" fill="#0b0c0c">',
    ]
    for value in range(1, 6):
        y = _y(value)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + PLOT_W}" y2="{y:.1f}" stroke="#b1b4b6" stroke-width="1"/>'
        )
        out.append(f'<text x="{LEFT - 8}" y="{y + 5:.1f}" text-anchor="end">{value}</text>')
    out.append(
        f'<text x="16" y="{TOP + PLOT_H / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 16 {TOP + PLOT_H / 2:.1f})">1 to 5</text>'
    )
    out.append(
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + PLOT_H}" stroke="#0b0c0c" stroke-width="2"/>'
    )
    out.append(
        f'<line x1="{LEFT}" y1="{TOP + PLOT_H}" x2="{LEFT + PLOT_W}" y2="{TOP + PLOT_H}" stroke="#0b0c0c" stroke-width="2"/>'
    )
    last_label = None
    for index, date in enumerate(dates):
        x = _x(index, dates)
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP + PLOT_H}" x2="{x:.1f}" y2="{TOP + PLOT_H + 6}" stroke="#0b0c0c"/>'
        )
        if last_label is None or x - last_label >= MIN_LABEL_GAP:
            out.append(
                f'<text x="{x:.1f}" y="{TOP + PLOT_H + 22}" text-anchor="middle">{date:%-d %b}</text>'
            )
            last_label = x
    for order, scale in enumerate(CHECK_IN_SCALES):
        style = STYLES[scale.field]
        nudge = (order - 1) * NUDGE
        commands = [
            f"{'L' if i else 'M'}{_x(i, dates) + nudge:.1f} {_y(getattr(c, scale.field)):.1f}"
            for i, c in enumerate(check_ins)
        ]
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        out.append(f'<g data-scale="{scale.field}">')
        if commands:
            out.append(
                f'<path d="{" ".join(commands)}" fill="none" stroke="{style["colour"]}" stroke-width="3"{dash}/>'
            )
        for i, c in enumerate(check_ins):
            out.append(
                _marker(
                    style["marker"],
                    _x(i, dates) + nudge,
                    _y(getattr(c, scale.field)),
                    style["colour"],
                )
            )
        out.append("</g>")
    for n, scale in enumerate(CHECK_IN_SCALES):
        style = STYLES[scale.field]
        lx = LEFT
        ly = TOP + PLOT_H + 48 + n * 22
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        out.append(
            f'<line x1="{lx}" y1="{ly}" x2="{lx + 40}" y2="{ly}" stroke="{style["colour"]}" stroke-width="3"{dash}/>'
        )
        out.append(_marker(style["marker"], lx + 20, ly, style["colour"]))
        out.append(f'<text x="{lx + 50}" y="{ly + 5}">{escape(scale.short)}</text>')
    out.append("</g></svg>")
    return mark_safe("".join(out))  # noqa: S308 - every interpolated text is escaped above
