"""``socialdb report``: one self-contained HTML file people would rather look at than read.

The rising posts table, reactions gained per day per profile, and the top posts'
reactions-vs-age curves against their author's median curve. Charts are inline SVG
(:mod:`.svgchart`), styles are inline: the file opens anywhere without network.
Every number comes from the analytics models through :mod:`.queries`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from pathlib import Path
from string import Template

from socialdb.analytics import queries
from socialdb.analytics.access import with_views
from socialdb.analytics.svgchart import PALETTE, Series, legend, line_chart
from socialdb.db import Database, utcnow
from socialdb.errors import ValidationError
from socialdb.managers import _sql

TEMPLATE = Path(__file__).with_name("report_template.html")
REPORT_ENV = "SOCIALDB_REPORT_PATH"


@dataclass
class ReportSummary:
    """What a written report holds (CLI output, Dagster metadata)."""

    path: Path
    rising_posts: int
    profiles_charted: int
    curves: int
    bytes: int

    def to_dict(self) -> dict:
        """Plain data for --json and metadata."""
        return {"path": str(self.path), "rising_posts": self.rising_posts,
                "profiles_charted": self.profiles_charted, "curves": self.curves,
                "bytes": self.bytes}


def default_report_path(db: Database) -> Path:
    """$SOCIALDB_REPORT_PATH, else ``reports/engagement_report.html`` next to the database."""
    configured = os.environ.get(REPORT_ENV)
    return Path(configured) if configured else db.path.parent / "reports" / "engagement_report.html"


def write_report(db: Database, out: str | Path | None = None, *, top: int = 20,
                 days: int = 30, profiles: int = 8, curves: int = 6) -> ReportSummary:
    """Render the report and write it atomically to ``out`` (default: see above)."""
    if min(top, days, profiles, curves) < 1:
        raise ValidationError("--top, --days, --profiles and --curves must be at least 1")
    path = Path(out) if out is not None else default_report_path(db)
    if path.is_dir():
        raise ValidationError(f"--out {path} is a folder; give a file name such as report.html")
    rising = with_views(db, lambda con: _sql.fetch_all(con, queries.FILE, "report_rising",
                                                       limit=top))
    totals = with_views(db, lambda con: _sql.fetch_one(con, queries.FILE, "report_totals"))
    daily_chart, charted = _daily_chart(db, days, profiles)
    panels = [_curve_panel(db, post) for post in rising[:curves]]
    as_of = totals["as_of"]
    html = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        subtitle=escape(f"{totals['posts']:,} posts by {totals['authors']:,} authors, "
                        f"{totals['snapshots']:,} snapshots; newest snapshot "
                        f"{as_of:%Y-%m-%d %H:%M} UTC" if as_of else "no snapshots yet"),
        rising_table=_rising_table(rising),
        daily_note=escape(f"The {charted} profiles that gained most over the last {days} days "
                          "up to the newest snapshot (UTC days; drops count negative)."),
        daily_chart=daily_chart,
        curve_panels="".join(panels) or '<p class="sub">No rising posts yet.</p>',
        generated_at=f"{utcnow():%Y-%m-%d %H:%M} UTC",
        database=escape(str(db.path)),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.tmp")
    partial.write_text(html, encoding="utf-8")
    os.replace(partial, path)
    return ReportSummary(path, len(rising), charted, len(panels), len(html.encode()))


def _num(value: float | None, form: str) -> str:
    return "" if value is None else form.format(value)


def _rising_table(rows: list[dict]) -> str:
    if not rows:
        return '<p class="sub">No post is rising: ingest at least two scrapes.</p>'
    best = max(r["rising_score"] for r in rows) or 1.0
    head = ("<tr><th>#</th><th>post</th><th>author</th><th>posted (UTC)</th><th>age</th>"
            "<th>reactions</th><th>at 24 h</th><th>per hour</th><th>lift</th><th>score</th>"
            "</tr>")
    body = []
    for r in rows:
        link = (f'<a href="{escape(r["url"])}">{escape(r["post_id"])}</a>' if r["url"]
                else escape(r["post_id"]))
        bar = f'<span class="bar" style="width:{max(2, 60 * r["rising_score"] / best):.0f}px">'
        body.append(
            f'<tr><td class="num">{r["rising_rank"]}</td><td>{link}</td>'
            f'<td>{escape(r["author_username"] or "")}</td>'
            f'<td>{r["posted_at"]:%Y-%m-%d %H:%M}</td>'
            f'<td class="num">{_num(r["age_hours"], "{:.0f} h")}</td>'
            f'<td class="num">{r["latest_reactions"]:,}</td>'
            f'<td class="num">{_num(r["reactions_at_24h"], "{:,}")}</td>'
            f'<td class="num">{_num(r["velocity_24h"], "{:.1f}")}</td>'
            f'<td class="num">{_num(r["lift_24h"], "{:.2f}x")}</td>'
            f'<td class="num score">{bar}</span>{r["rising_score"]:.2f}</td></tr>'
            f'<tr><td></td><td class="preview" colspan="9">{escape(r["preview"])}</td></tr>')
    return f'<table>{head}{"".join(body)}</table>'


def _daily_chart(db: Database, days: int, profiles: int) -> tuple[str, int]:
    series_by_author = queries.daily_reactions_by_author(db, days=days)
    ranked = sorted(series_by_author.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    chosen = ranked[:profiles]
    if not chosen:
        return line_chart([], title="reactions gained per day", x_label="day",
                          y_label="reactions gained"), 0
    active = [day for _, per_day in chosen for day in per_day]
    last = max(active)
    # no empty weeks before the first activity (a young database charts its few days)
    window = report_day_window(last, min(days, (last - min(active)).days + 2))
    series = [
        Series(author, [(float(day.toordinal()), float(per_day.get(day, 0))) for day in window],
               color=PALETTE[i % len(PALETTE)],
               labels=[f"{day:%Y-%m-%d}: {per_day.get(day, 0):,}" for day in window])
        for i, (author, per_day) in enumerate(chosen)
    ]
    chart = line_chart(series, title="reactions gained per day", x_label="day (UTC)",
                       y_label="reactions gained", x_dates=True, width=1100, height=340)
    return chart + legend(series), len(series)


def _curve_panel(db: Database, post: dict) -> str:
    history = queries.post_history(db, post["post_id"])
    author = post["author_username"] or ""
    median = queries.author_median_curve(db, author) if author else []
    horizon = max((h["age_hours"] for h in history), default=48.0)
    own = Series(post["post_id"], [(max(h["age_hours"], 0.0), float(h["total_reactions"]))
                                   for h in history], color=PALETTE[0],
                 labels=[f"{h['age_hours']:.0f} h: {h['total_reactions']:,}" for h in history])
    usual = Series(f"{author} median", [(float(m["age_hours"]), float(m["median_reactions"]))
                                        for m in median if m["age_hours"] <= horizon * 1.25],
                   color=PALETTE[1], dashed=True,
                   labels=[f"{m['age_hours']} h: {m['median_reactions']:,.0f} "
                           f"(median of {m['posts']})" for m in median])
    chart = line_chart([own, usual], title=f"#{post['rising_rank']} {author}",
                       x_label="hours since posted", y_label="reactions", width=420,
                       height=240)
    note = escape(f"{post['latest_reactions']:,} reactions; "
                  f"{_num(post['lift_24h'], '{:.2f}x')} the author's median at 24 h")
    return f'<div class="panel">{chart}{legend([own, usual])}<p>{note}</p></div>'


def report_day_window(last: date, days: int) -> list[date]:
    """The ``days`` UTC days ending at ``last`` (oldest first)."""
    return [last - timedelta(days=offset) for offset in range(days - 1, -1, -1)]
