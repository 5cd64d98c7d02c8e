"""The labels of the groups within a field-list page (services/xlsform_paging.py under `style
pages`): Enketo shows such a group's label over its questions on the outer group's page, so the
first question of each carries it as its `heading` (a loop's label with its first choice's, as
Enketo shows the loop's group around the choices' groups)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .definition import Text


def headings(page: dict[str, Any], text: Callable[[dict[str, str] | None], Text]) -> dict[str, Text]:
    """Question name -> the labels of the groups that begin at it, outermost first (` › ` between)."""
    groups = page.get("groups") or []
    out: dict[str, Text] = {}
    opened: set[int] = set()
    for q in page["questions"]:
        begun = [i for i in q.get("within") or () if i not in opened]
        opened.update(begun)
        labels = [label for i in begun if (label := text(groups[i].get("label")))]
        if labels:
            languages = dict.fromkeys(lang for label in labels for lang in label.values)
            joined = {lang: " › ".join(label.get(lang) for label in labels) for lang in languages}
            out[q["name"]] = Text(joined, labels[0].source)
    return out
