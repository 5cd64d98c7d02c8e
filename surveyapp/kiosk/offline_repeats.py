"""Repeats on the kiosk's offline page: the page holds one instance of each repeat (within the first
instance of each outer one), which its script (static/survey-repeats.js, offline-repeats.js) copies
per instance as the server's pages do (survey.repeats), under the same answer keys; `position(..)`
stays in the trees for the script to evaluate per instance."""

from __future__ import annotations

from typing import Any

from ..expressions.export import tree_json
from ..survey.definition import FormDefinition
from ..survey.repeats import _rewrite, chain, count_key, expand, prefix


def first_path(definition: FormDefinition, name: str) -> str:
    """Where repeat `name` is within the first instance of each outer repeat: `household[1]/member`."""
    return prefix(tuple((outer, 1) for outer in chain(definition, name)[:-1])) + name


def offline_definition(definition: FormDefinition) -> FormDefinition:
    """The definition the offline page is drawn from: one instance of each repeat (and the
    "Add another" page of each without repeat_count)."""
    if not definition.repeats:
        return definition
    numbers = {first_path(definition, name): 1 for name in definition.repeats}
    return expand(definition, {}, numbers, literal_position=False)


def repeats_data(definition: FormDefinition) -> dict[str, Any]:
    """What the script needs of each repeat: its outer repeat, its count's tree as the first outer
    instance reads it (none: the person adds instances; the script renames it for each outer
    instance) and where their number is kept, under the same first outer instances."""
    out: dict[str, Any] = {}
    for r in definition.repeats.values():
        outer = tuple((name, 1) for name in chain(definition, r.name)[:-1])
        count = _rewrite(definition, r.count, outer) if r.count else None
        out[r.name] = {
            "count": tree_json(f"number({count})") if count else None,
            "countKey": count_key(first_path(definition, r.name)),
            "parent": r.parent,
        }
    return out
