"""Calculates outside every group, in a form without `style: pages`: where they would make a page of
their own, a page that shows nothing ("Page 2 of 3" with no question, which ODK never shows), they join
the page next to them that everyone gets (services/xlsform.py builds the pages)."""

from __future__ import annotations

from typing import Any


def _only_calculations(page: dict[str, Any]) -> bool:
    """A page of calculates outside every group: it would show nothing."""
    return page["name"].startswith("_") and all(q["type"] == "calculate" for q in page["questions"])


def _always(page: dict[str, Any]) -> bool:
    """A page that applies to everyone, outside repeats and loops."""
    return page["relevant"] is None and not page.get("repeat") and not page.get("loop")


def join_lone_calculations(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Calculates outside every group, before, between or after the groups (Kobo's forms often
    start or end with them), join the page before them, or else the one after, where that page
    applies to everyone: they apply where they did and keep their order, and the person is never
    shown a page with nothing on it ("Page 2 of 3" with no question, as ODK never shows one)."""
    out: list[dict[str, Any]] = []
    waiting: list[dict[str, Any]] = []  # calculations after a page that not everyone gets
    for page in pages:
        lone = _always(page) and _only_calculations(page) and bool(page["questions"])
        if lone and out and _always(out[-1]):
            out[-1]["questions"].extend(page["questions"])
            continue
        if lone:
            waiting.append(page)
            continue
        if waiting and _always(page):
            page["questions"][:0] = [q for w in waiting for q in w["questions"]]
        else:
            out.extend(waiting)
        waiting = []
        out.append(page)
    return out + waiting
