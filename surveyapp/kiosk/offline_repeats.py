"""Repeats on the kiosk's offline page: the page holds one instance of each repeat, which its script
(static/offline-repeats.js) copies per instance as the server's pages do (survey.repeats), under the
same answer keys; `position(..)` stays in the trees for the script to evaluate per instance."""

from __future__ import annotations

from typing import Any

from ..expressions.export import tree_json
from ..survey.definition import FormDefinition
from ..survey.repeats import count_key, expand


def offline_definition(definition: FormDefinition) -> FormDefinition:
    """The definition the offline page is drawn from: one instance of each repeat (and the
    "Add another" page of each without repeat_count)."""
    if not definition.repeats:
        return definition
    return expand(definition, {}, dict.fromkeys(definition.repeats, 1), literal_position=False)


def repeats_data(definition: FormDefinition) -> dict[str, Any]:
    """What the script needs of each repeat: its count's tree (none: the person adds instances),
    its questions and where their number is kept."""
    return {
        r.name: {"count": tree_json(f"number({r.count})") if r.count else None, "countKey": count_key(r.name)}
        for r in definition.repeats.values()
    }
