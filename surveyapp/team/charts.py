"""Server-rendered SVG charts: no script, no other host, readable by screen readers.

Each chart is an <svg role="img"> with a <title> and a <desc> stating its figures, and every bar
has its own <title> (a tooltip). The pages also show the figures as tables, so nothing depends on
seeing the chart. Labels are escaped; the SVG is built here and marked safe once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask import g
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..services.suppression import Cell, CrossTable

ROW = 26
LABEL_WIDTH = 210
BAR_WIDTH = 300
WIDTH = LABEL_WIDTH + BAR_WIDTH + 90


def _shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _isolated(text: str) -> Markup:
    """A label or figure in its own direction (Unicode's first-strong isolate), escaped. The chart
    is drawn left to right in every page, so that its bars grow from its labels; inside it, an
    Arabic figure such as "64 من 80" (64 of 80) is read right to left, and an English theme name in
    an Arabic page left to right, each as its first letter's script goes."""
    return Markup("\u2068%s\u2069") % text


def _frame(title: str, desc: str, width: int, height: int, body: list[str], kind: str = "") -> Markup:
    """The <svg> around a chart's body; a grid (`kind`) is drawn at its own size, scaled down
    only where the page is narrower, so a small grid does not grow to the page's width."""
    n = g.chart_ids = g.get("chart_ids", 0) + 1  # ids unique within the page
    size = f'width="{width}" height="{height}"' if kind else 'width="100%"'
    classes = f"chart {kind}" if kind else "chart"
    return Markup(  # noqa: S704 - every text inside is escaped above
        f'<svg class="{classes}" role="img" aria-labelledby="chart{n}-t chart{n}-d" direction="ltr" '
        f'viewBox="0 0 {width} {height}" {size} preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart{n}-t">{escape(title)}</title><desc id="chart{n}-d">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def bars(title: str, items: Sequence[tuple[str, float, str]], maximum: float | None = None) -> Markup:
    """Horizontal bars: (label, value, value as shown) per row, largest scale = `maximum`."""
    top = maximum or max((value for _, value, _ in items), default=0) or 1
    body = []
    for i, (label, value, shown) in enumerate(items):
        y = i * ROW + 4
        width = max(0.0, value / top * BAR_WIDTH)
        body.append(
            f"<g><title>{escape(label)}: {escape(shown)}</title>"
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{_isolated(_shorten(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{width:.1f}" height="{ROW - 8}" class="bar"/>'
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + 15}">{_isolated(shown)}</text></g>'
        )
    desc = "; ".join(f"{label}: {shown}" for label, _, shown in items)
    return _frame(title, desc, WIDTH, max(ROW, len(items) * ROW + 8), body)


def columns(title: str, points: Sequence[tuple[date, Cell]]) -> Markup:
    """A column per day, with the first and last day and the highest count labelled; a hidden
    count is drawn as an empty column marked hidden."""
    hidden = _("hidden")
    height, base, left = 160, 130, 40
    width = max(WIDTH, left + len(points) * 6 + 10)
    step = (width - left - 10) / max(1, len(points))
    top = max((c.count or 0 for _, c in points), default=0)
    body = [
        f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" class="axis"/>',
        f'<text x="{left - 6}" y="{base + 4}" text-anchor="end">0</text>',
    ]
    if top:
        body.append(f'<text x="{left - 6}" y="{base - 100 + 4}" text-anchor="end">{top}</text>')
    for i, (day, cell) in enumerate(points):
        x = left + i * step
        if cell.hidden:
            body.append(
                f'<rect x="{x + step * 0.1:.1f}" y="{base - 100}" width="{step * 0.8:.1f}" '
                f'height="100" class="grid-hidden"><title>{day.isoformat()}: '
                f"{escape(hidden)}</title></rect>"
            )
            continue
        h = (cell.count or 0) / (top or 1) * 100
        body.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{base - h:.1f}" width="{step * 0.8:.1f}" '
            f'height="{h:.1f}" class="bar"><title>{day.isoformat()}: {cell.count}</title></rect>'
        )
    if points:
        body.append(f'<text x="{left}" y="{base + 20}">{points[0][0].isoformat()}</text>')
        body.append(
            f'<text x="{width - 10}" y="{base + 20}" text-anchor="end">{points[-1][0].isoformat()}</text>'
        )
    desc = ", ".join(
        f"{day.isoformat()}: {hidden if c.hidden else c.count}" for day, c in points if c.count != 0
    )
    return _frame(title, desc, int(width), height, body)


def cell_bar(share: float | None) -> Markup:
    """A small bar inside a table cell (decorative: the cell states the figure)."""
    if share is None:
        return Markup("")
    return Markup(  # noqa: S704 - numbers only
        f'<svg class="cell-bar" aria-hidden="true" viewBox="0 0 100 6" width="100%" height="6" '
        f'preserveAspectRatio="none"><rect width="{share * 100:.1f}" height="6" class="bar"/></svg>'
    )


GRID_CELL = 64
GRID_HEAD = 84  # room for a column label rotated up from its column
GRID_LABEL = 14  # characters of a column label
# How far a column label, rotated up to the right, reaches past its column's middle (at most
# GRID_LABEL characters of about 7 units at 35 degrees, and the glyphs' height): the grid is that
# much wider.
GRID_OVERHANG = 92


def table_grid(title: str, table: CrossTable) -> Markup:
    """A dashboard table's cells as a grid (shares within each column; hidden cells stay hidden)."""
    return grid(
        title,
        _("hidden"),
        [label for _key, label in table.rows],
        [label for _key, label in table.columns],
        [[None if c.hidden else (c.share or 0.0) for c in row] for row in table.cells],
    )


def grid(
    title: str,
    hidden_text: str,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    cells: Sequence[Sequence[float | None]],
) -> Markup:
    """A cross table as a grid of shaded squares: each cell's share of its column, darker for more,
    so the rows that stand out in a group show at a glance. A hidden cell (None) is drawn empty
    with the hidden mark and says so in its tooltip and in the description."""
    top = max((share for row in cells for share in row if share), default=0) or 1
    body = []
    for j, column in enumerate(column_labels):
        x = LABEL_WIDTH + j * GRID_CELL + GRID_CELL / 2
        label = _isolated(_shorten(column, GRID_LABEL))
        body.append(
            f'<text x="{x:.0f}" y="{GRID_HEAD - 8}" text-anchor="start" '
            f'transform="rotate(-35 {x:.0f} {GRID_HEAD - 8})">{label}</text>'
        )
    described = []
    for i, (label, row) in enumerate(zip(row_labels, cells, strict=True)):
        y = GRID_HEAD + i * ROW
        body.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end">{_isolated(_shorten(label))}</text>'
        )
        figures = []
        for j, (column, share) in enumerate(zip(column_labels, row, strict=True)):
            x = LABEL_WIDTH + j * GRID_CELL
            shown = hidden_text if share is None else f"{100 * share:.0f}%"
            figures.append(f"{column} {shown}")
            if share is None:
                body.append(
                    f"<g><title>{escape(label)}, {escape(column)}: {escape(shown)}</title>"
                    f'<rect x="{x + 1}" y="{y + 1}" width="{GRID_CELL - 2}" height="{ROW - 2}" '
                    f'class="grid-hidden"/><text x="{x + GRID_CELL / 2:.0f}" y="{y + 17}" '
                    f'text-anchor="middle">✱</text></g>'
                )
                continue
            strength = share / top
            on_dark = ' class="on-dark"' if strength > 0.7 else ""
            body.append(
                f"<g><title>{escape(label)}, {escape(column)}: {escape(shown)}</title>"
                f'<rect x="{x + 1}" y="{y + 1}" width="{GRID_CELL - 2}" height="{ROW - 2}" '
                f'class="bar" fill-opacity="{0.08 + 0.92 * strength:.2f}"/>'
                f'<text x="{x + GRID_CELL / 2:.0f}" y="{y + 17}" text-anchor="middle"'
                f"{on_dark}>{escape(shown)}</text></g>"
            )
        described.append(f"{label}: {', '.join(figures)}")
    width = LABEL_WIDTH + max(1, len(column_labels)) * GRID_CELL - GRID_CELL // 2 + GRID_OVERHANG
    return _frame(
        title, "; ".join(described), width, GRID_HEAD + max(1, len(row_labels)) * ROW + 6, body, kind="grid"
    )
