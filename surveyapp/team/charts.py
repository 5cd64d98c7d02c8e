"""Server-rendered SVG charts: no script, no other host, readable by screen readers.

Each chart is an <svg role="img"> with a <title> and a <desc> stating its figures, and every bar
has its own <title> (a tooltip). The pages also show the figures as tables, so nothing depends on
seeing the chart. Labels are escaped; the SVG is built here and marked safe once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask import g
from markupsafe import Markup, escape

ROW = 26
LABEL_WIDTH = 210
BAR_WIDTH = 300
WIDTH = LABEL_WIDTH + BAR_WIDTH + 90


def _shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _frame(title: str, desc: str, width: int, height: int, body: list[str]) -> Markup:
    n = g.chart_ids = g.get("chart_ids", 0) + 1  # ids unique within the page
    return Markup(  # noqa: S704 - every text inside is escaped above
        f'<svg class="chart" role="img" aria-labelledby="chart{n}-t chart{n}-d" direction="ltr" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart{n}-t">{escape(title)}</title><desc id="chart{n}-d">{escape(desc)}</desc>'
        + "".join(body) + "</svg>"
    )


def bars(title: str, items: Sequence[tuple[str, float, str]], maximum: float | None = None) -> Markup:
    """Horizontal bars: (label, value, value as shown) per row, largest scale = `maximum`."""
    top = maximum or max((value for _, value, _ in items), default=0) or 1
    body = []
    for i, (label, value, shown) in enumerate(items):
        y = i * ROW + 4
        width = max(0.0, value / top * BAR_WIDTH)
        body.append(
            f'<g><title>{escape(label)}: {escape(shown)}</title>'
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(_shorten(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{width:.1f}" height="{ROW - 8}" class="bar"/>'
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + 15}">{escape(shown)}</text></g>')
    desc = "; ".join(f"{label}: {shown}" for label, _, shown in items)
    return _frame(title, desc, WIDTH, max(ROW, len(items) * ROW + 8), body)


def columns(title: str, points: Sequence[tuple[date, int]]) -> Markup:
    """A column per day, with the first and last day and the highest count labelled."""
    height, base, left = 160, 130, 40
    width = max(WIDTH, left + len(points) * 6 + 10)
    step = (width - left - 10) / max(1, len(points))
    top = max((n for _, n in points), default=0) or 1
    body = [f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" class="axis"/>',
            f'<text x="{left - 6}" y="{base - 100 + 4}" text-anchor="end">{top}</text>',
            f'<text x="{left - 6}" y="{base + 4}" text-anchor="end">0</text>']
    for i, (day, n) in enumerate(points):
        h = n / top * 100
        x = left + i * step
        body.append(f'<rect x="{x + step * 0.1:.1f}" y="{base - h:.1f}" width="{step * 0.8:.1f}" '
                    f'height="{h:.1f}" class="bar"><title>{day.isoformat()}: {n}</title></rect>')
    if points:
        body.append(f'<text x="{left}" y="{base + 20}">{points[0][0].isoformat()}</text>')
        body.append(f'<text x="{width - 10}" y="{base + 20}" text-anchor="end">'
                    f'{points[-1][0].isoformat()}</text>')
    desc = ", ".join(f"{day.isoformat()}: {n}" for day, n in points if n)
    return _frame(title, desc, int(width), height, body)


def cell_bar(share: float | None) -> Markup:
    """A small bar inside a table cell (decorative: the cell states the figure)."""
    if share is None:
        return Markup("")
    return Markup(  # noqa: S704 - numbers only
        f'<svg class="cell-bar" aria-hidden="true" viewBox="0 0 100 6" width="100%" height="6" '
        f'preserveAspectRatio="none"><rect width="{share * 100:.1f}" height="6" class="bar"/></svg>')
