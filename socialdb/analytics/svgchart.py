"""Small line charts as inline SVG, so the report needs no chart library and no network.

Written for the report's two chart kinds (values per day, reactions by post age); a
chart is plain markup, readable without JavaScript, with native hover titles on
every point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

PALETTE = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04",
           "#db2777", "#4b5563", "#65a30d")


@dataclass
class Series:
    """One line: its name, (x, y) points in x order, colour and style."""

    name: str
    points: list[tuple[float, float]]
    color: str = PALETTE[0]
    dashed: bool = False
    labels: list[str] = field(default_factory=list)  # hover text per point (optional)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (1, 2, 2.5, 5 x 10^k steps)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _fmt(value: float) -> str:
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    if abs(value) >= 1000:
        return f"{value / 1000:.1f}k"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def line_chart(series: list[Series], *, title: str, x_label: str, y_label: str,
               width: int = 720, height: int = 300, x_dates: bool = False) -> str:
    """An SVG line chart with axes, grid, ticks, legend and a title per point.

    With ``x_dates`` the x values are day ordinals (``date.toordinal()``) and the
    ticks read as dates.
    """
    left, right, top, bottom = 56, 16, 28, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    points = [p for s in series for p in s.points]
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="{escape(title)}" '
             'xmlns="http://www.w3.org/2000/svg">',
             f'<text x="{left}" y="16" class="chart-title">{escape(title)}</text>']
    if not points:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" '
                     'class="empty">no data yet</text></svg>')
        return "".join(parts)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x_ticks = nice_ticks(min(xs), max(xs), 6) if not x_dates else _date_ticks(min(xs), max(xs))
    y_ticks = nice_ticks(min(0.0, min(ys)), max(ys), 5)
    x0, x1, y0, y1 = x_ticks[0], x_ticks[-1], y_ticks[0], y_ticks[-1]

    def sx(x: float) -> float:
        return left + (x - x0) / ((x1 - x0) or 1) * plot_w

    def sy(y: float) -> float:
        return top + plot_h - (y - y0) / ((y1 - y0) or 1) * plot_h

    for tick in y_ticks:
        parts.append(f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{sy(tick):.1f}" '
                     f'y2="{sy(tick):.1f}"/><text class="tick" x="{left - 6}" '
                     f'y="{sy(tick) + 4:.1f}" text-anchor="end">{_fmt(tick)}</text>')
    for tick in x_ticks:
        label = date.fromordinal(int(tick)).strftime("%b %d") if x_dates else _fmt(tick)
        parts.append(f'<line class="axis" x1="{sx(tick):.1f}" x2="{sx(tick):.1f}" '
                     f'y1="{top + plot_h}" y2="{top + plot_h + 4}"/><text class="tick" '
                     f'x="{sx(tick):.1f}" y="{top + plot_h + 17}" text-anchor="middle">'
                     f'{escape(label)}</text>')
    parts.append(f'<line class="axis" x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" '
                 f'y2="{top + plot_h}"/><text class="axis-label" x="{left + plot_w / 2}" '
                 f'y="{height - 6}" text-anchor="middle">{escape(x_label)}</text>'
                 f'<text class="axis-label" transform="translate(14 {top + plot_h / 2}) '
                 f'rotate(-90)" text-anchor="middle">{escape(y_label)}</text>')
    for s in series:
        if not s.points:
            continue
        path = " ".join(f"{'M' if i == 0 else 'L'}{sx(x):.1f},{sy(y):.1f}"
                        for i, (x, y) in enumerate(s.points))
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        parts.append(f'<path class="line" d="{path}" stroke="{s.color}"{dash}>'
                     f'<title>{escape(s.name)}</title></path>')
        for i, (x, y) in enumerate(s.points):
            text = s.labels[i] if i < len(s.labels) else f"{_fmt(x)}: {_fmt(y)}"
            parts.append(f'<circle class="dot" cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="2.5" '
                         f'fill="{s.color}"><title>{escape(s.name)} - {escape(text)}</title>'
                         '</circle>')
    parts.append("</svg>")
    return "".join(parts)


def legend(series: list[Series]) -> str:
    """An HTML legend (colour swatch + name) for a chart's series."""
    items = "".join(
        f'<li><span class="swatch{" dashed" if s.dashed else ""}" '
        f'style="border-color:{s.color}"></span>{escape(s.name)}</li>' for s in series)
    return f'<ul class="legend">{items}</ul>'


def _date_ticks(first: float, last: float, count: int = 6) -> list[float]:
    span = max(int(last - first), 1)
    step = max(1, math.ceil(span / count))
    start = date.fromordinal(int(first))
    ticks = [float((start + timedelta(days=d)).toordinal()) for d in range(0, span + 1, step)]
    if ticks[-1] < last:
        ticks.append(ticks[-1] + step)
    return ticks
