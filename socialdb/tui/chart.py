"""A small text chart: a post's reactions over its age as bars, the author's median as a line.

Written here rather than pulled from a plotting package: it needs one chart type,
renders in any terminal (block characters), and stays deterministic in SVG
screenshots and tests.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

Point = tuple[float, float]  # (age in hours, reactions)
_EIGHTHS = " ▁▂▃▄▅▆▇█"


def step_value(points: Sequence[Point], age: float) -> float | None:
    """The value of the last point at or before ``age`` (None before the first)."""
    value = None
    for x, y in points:
        if x > age:
            break
        value = y
    return value


def engagement_chart(post: Sequence[Point], median: Sequence[Point] | None = None, *,
                     width: int = 60, height: int = 8) -> Text:
    """Bars of the post's reactions by age; `─` marks the author's median at that age."""
    post = sorted(post)
    median = sorted(median or [])
    if not post:
        return Text("no snapshots yet", style="dim")
    # The x axis spans the post's own life (at least a day) so its bars stay readable;
    # the median curve is shown over the same span.
    max_age = max(max(x for x, _ in post) * 1.1, 24.0)
    in_range = [y for x, y in median if x <= max_age]
    top = max([y for _, y in post] + in_range + [1.0])
    last_seen = post[-1][0]
    columns = []
    for col in range(width):
        age = max_age * (col + 1) / width
        # Bars stop at the newest snapshot: nothing is known about the post after it.
        seen = step_value(post, age) if age <= last_seen + max_age / width else None
        columns.append((seen, step_value(median, age)))
    lines = []
    for level in range(height, 0, -1):
        line = Text()
        label = f"{top * level / height:>7,.0f} " if level in (height, 1) else " " * 8
        line.append(label, style="dim")
        for value, middle in columns:
            cell_low = (level - 1) / height * top
            cell_high = level / height * top
            median_here = middle is not None and cell_low < middle <= cell_high
            if value is not None and value >= cell_high:
                line.append("━" if median_here else "█",
                            style="bold yellow on cyan" if median_here else "cyan")
            elif value is not None and value > cell_low:
                eighth = int((value - cell_low) / (cell_high - cell_low) * 8)
                line.append(_EIGHTHS[max(eighth, 1)], style="cyan")
            elif median_here:
                line.append("─", style="bold yellow")
            else:
                line.append(" ")
        lines.append(line)
    axis = Text(" " * 8 + "0h" + f"{max_age:,.0f}h".rjust(width - 2), style="dim")
    legend = Text(" " * 8)
    legend.append("█ this post", style="cyan")
    legend.append("   ")
    legend.append("─ author's median" if median else "(no author median yet)",
                  style="bold yellow" if median else "dim")
    return Text("\n").join([*lines, axis, legend])
