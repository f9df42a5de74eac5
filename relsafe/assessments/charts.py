"""The safety scale over time, drawn on the server as an accessible inline SVG.

No JavaScript. Each voice has its own line style *and* marker shape, so the chart reads without
colour; the SVG has a title and a text description, and the page shows the same numbers in a table.
Only presentation attributes are used (no ``style``), which the strict CSP allows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

VOICE_STYLES: dict[str, dict[str, str]] = {
    # GOV.UK colours, each at least 3:1 against white.
    "worker": {"label": "Worker", "colour": "#1d70b8", "dash": "", "marker": "circle"},
    "parent": {"label": "Parent or carer", "colour": "#0b0c0c", "dash": "8 4", "marker": "square"},
    "young_person": {
        "label": "Young person",
        "colour": "#00703c",
        "dash": "2 4",
        "marker": "triangle",
    },
    "agency": {
        "label": "Other agency",
        "colour": "#4c2c92",
        "dash": "10 4 2 4",
        "marker": "diamond",
    },
}

WIDTH, HEIGHT = 480, 330
LEFT, RIGHT, TOP, BOTTOM = 52, 24, 12, 100
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM
X_INSET = 14
MIN_LABEL_GAP = 62  # px between date labels, so they never overlap
VOICE_NUDGE = 3.0  # px sideways per voice, so equal values show every marker


@dataclass(frozen=True)
class ScalePoint:
    date: dt.date
    scales: dict[str, int | None]


def _x(index: int, dates: list[dt.date]) -> float:
    """Dates spaced by time, inset from the axes so markers never sit on them."""
    inner = PLOT_W - 2 * X_INSET
    if len(dates) == 1:
        return LEFT + PLOT_W / 2
    span = (dates[-1] - dates[0]).days
    if span == 0:
        return LEFT + X_INSET + inner * index / (len(dates) - 1)
    return LEFT + X_INSET + inner * (dates[index] - dates[0]).days / span


def _y(value: int) -> float:
    return TOP + PLOT_H * (10 - value) / 10


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 5
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - r - 1:.1f} {x - r - 1:.1f},{y + r:.1f} {x + r + 1:.1f},{y + r:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    points = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y:.1f} {x:.1f},{y + r + 1:.1f} {x - r - 1:.1f},{y:.1f}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def _label_dates(dates: list[dt.date]) -> list[int]:
    """Indexes of the dates to label: the first, the last, and any in between with room."""
    xs = [_x(i, dates) for i in range(len(dates))]
    chosen: list[int] = []
    for index, x in enumerate(xs):
        if not chosen or x - xs[chosen[-1]] >= MIN_LABEL_GAP:
            chosen.append(index)
        elif index == len(xs) - 1 and len(chosen) > 1:
            chosen[-1] = index  # the latest mapping matters most
    return chosen


def describe(points: list[ScalePoint], voices: list[str]) -> str:
    """One sentence per voice: first and latest value, for screen readers."""
    parts = []
    for voice in voices:
        values = [(p.date, p.scales.get(voice)) for p in points if p.scales.get(voice) is not None]
        if not values:
            continue
        label = VOICE_STYLES[voice]["label"]
        (first_date, first), (last_date, last) = values[0], values[-1]
        if len(values) == 1:
            parts.append(f"{label}: {first} on {first_date:%-d %B %Y}.")
        else:
            parts.append(
                f"{label}: from {first} on {first_date:%-d %B %Y} to {last} on {last_date:%-d %B %Y}."
            )
    return " ".join(parts) or "No safety scale recorded yet."


def scale_chart_svg(points: list[ScalePoint], *, chart_id: str, title: str) -> SafeString:
    """The chart for ``points`` (oldest first). ``chart_id`` keeps element ids unique on the page."""
    voices = [v for v in VOICE_STYLES if any(p.scales.get(v) is not None for p in points)]
    dates = [p.date for p in points]
    out: list[str] = [
        f'<svg class="rs-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" focusable="false" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(points, voices))}</desc>',
        '<g font-family="Arial, Helvetica, sans-serif" font-size="14" fill="#0b0c0c">',
    ]
    # Y axis: 0 to 10 with gridlines every 2.
    for value in range(0, 11, 2):
        y = _y(value)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + PLOT_W}" y2="{y:.1f}" stroke="#b1b4b6" stroke-width="1"/>'
        )
        out.append(f'<text x="{LEFT - 8}" y="{y + 5:.1f}" text-anchor="end">{value}</text>')
    out.append(
        f'<text x="16" y="{TOP + PLOT_H / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 16 {TOP + PLOT_H / 2:.1f})">Safety scale (0 to 10)</text>'
    )
    out.append(
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + PLOT_H}" stroke="#0b0c0c" stroke-width="2"/>'
    )
    out.append(
        f'<line x1="{LEFT}" y1="{TOP + PLOT_H}" x2="{LEFT + PLOT_W}" y2="{TOP + PLOT_H}" stroke="#0b0c0c" stroke-width="2"/>'
    )
    # X axis: dates of the mappings.
    labelled = set(_label_dates(dates))
    for index, date in enumerate(dates):
        x = _x(index, dates)
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP + PLOT_H}" x2="{x:.1f}" y2="{TOP + PLOT_H + 6}" stroke="#0b0c0c"/>'
        )
        if index in labelled:
            out.append(
                f'<text x="{x:.1f}" y="{TOP + PLOT_H + 22}" text-anchor="middle">{date:%-d %b %y}</text>'
            )
    out.append(
        f'<text x="{LEFT + PLOT_W / 2:.1f}" y="{TOP + PLOT_H + 44}" text-anchor="middle">Date of mapping</text>'
    )
    # One line per voice; a gap where that person's view was not recorded.
    for order, voice in enumerate(voices):
        style = VOICE_STYLES[voice]
        nudge = (order - (len(voices) - 1) / 2) * VOICE_NUDGE
        commands: list[str] = []
        pen_down = False
        for index, point in enumerate(points):
            scale = point.scales.get(voice)
            if scale is None:
                pen_down = False
                continue
            commands.append(
                f"{'L' if pen_down else 'M'}{_x(index, dates) + nudge:.1f} {_y(scale):.1f}"
            )
            pen_down = True
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        out.append(f'<g data-voice="{voice}">')
        out.append(
            f'<path d="{" ".join(commands)}" fill="none" stroke="{style["colour"]}" stroke-width="3"{dash}/>'
        )
        for index, point in enumerate(points):
            scale = point.scales.get(voice)
            if scale is not None:
                out.append(
                    _marker(style["marker"], _x(index, dates) + nudge, _y(scale), style["colour"])
                )
        out.append("</g>")
    # Legend under the axis, two per row so it fits at narrow widths.
    for n, voice in enumerate(voices):
        style = VOICE_STYLES[voice]
        lx = LEFT + (n % 2) * 200
        ly = TOP + PLOT_H + 66 + (n // 2) * 22
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        out.append(
            f'<line x1="{lx}" y1="{ly}" x2="{lx + 40}" y2="{ly}" stroke="{style["colour"]}" stroke-width="3"{dash}/>'
        )
        out.append(_marker(style["marker"], lx + 20, ly, style["colour"]))
        out.append(f'<text x="{lx + 50}" y="{ly + 5}">{escape(style["label"])}</text>')
    out.append("</g></svg>")
    return mark_safe("".join(out))  # noqa: S308 - every interpolated text is escaped above
