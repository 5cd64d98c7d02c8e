"""Team edits and carry-over from a previous run.

Edits are plain data so the app can store them as JSON:
    {"renames": {theme_id: label}, "merges": [[keep_id, other_id, ...]],
     "hidden": [theme_id], "moves": {doc_id: theme_id},
     "codes_added": {doc_id: [theme_id]}, "codes_removed": {doc_id: [theme_id]}}
They are applied after clustering on every run, so a team's decisions survive re-runs.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.results import Theme

EDIT_KEYS = ("renames", "merges", "hidden", "moves", "codes_added", "codes_removed")
CODE_KEYS = ("codes_added", "codes_removed")


def normalize_edits(edits: dict[str, Any] | None) -> dict[str, Any]:
    """Validated edits with string ids; raises ValueError with a one-line reason when malformed."""
    edits = dict(edits or {})
    unknown = set(edits) - set(EDIT_KEYS)
    if unknown:
        raise ValueError(f"unknown edit key(s): {', '.join(sorted(unknown))}")
    renames = edits.get("renames") or {}
    merges = edits.get("merges") or []
    hidden = edits.get("hidden") or []
    moves = edits.get("moves") or {}
    if not isinstance(renames, dict) or not isinstance(moves, dict):
        raise ValueError("edits 'renames' and 'moves' must be objects {id: value}")
    if not isinstance(merges, list) or any(not isinstance(g, list) or len(g) < 2 for g in merges):
        raise ValueError("edits 'merges' must be a list of lists of at least two theme ids")
    if not isinstance(hidden, list):
        raise ValueError("edits 'hidden' must be a list of theme ids")
    codes = {key: _code_edits(edits.get(key), key) for key in CODE_KEYS}
    return {
        "renames": {str(k): str(v) for k, v in renames.items()},
        "merges": [[str(t) for t in group] for group in merges],
        "hidden": [str(t) for t in hidden],
        "moves": {str(k): str(v) for k, v in moves.items()},
        **codes,
    }


def _code_edits(value: Any, key: str) -> dict[str, list[str]]:
    """{answer id: [theme id, ...]} with string ids, empty lists left out."""
    value = value or {}
    if not isinstance(value, dict) or any(not isinstance(v, list) for v in value.values()):
        raise ValueError(f"edits '{key}' must be an object {{answer id: [theme id, ...]}}")
    return {str(k): list(dict.fromkeys(str(t) for t in v)) for k, v in value.items() if v}


def _merge_codes(a: dict[str, Any], b: dict[str, Any], key: str, other: str) -> dict[str, list[str]]:
    """Older code edits plus newer ones; a newer add cancels an older remove and vice versa."""
    out: dict[str, list[str]] = {}
    for doc_id in dict.fromkeys([*a[key], *b[key]]):
        undone = set(b[other].get(doc_id, []))
        kept = [t for t in a[key].get(doc_id, []) if t not in undone]
        themes = list(dict.fromkeys(kept + b[key].get(doc_id, [])))
        if themes:
            out[doc_id] = themes
    return out


def merge_edits(old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, Any]:
    """Previous edits updated by newer ones (newer wins per theme/answer; merges accumulate)."""
    a, b = normalize_edits(old), normalize_edits(new)
    merges = a["merges"] + [g for g in b["merges"] if g not in a["merges"]]
    return {
        "renames": {**a["renames"], **b["renames"]},
        "merges": merges,
        "hidden": list(dict.fromkeys(a["hidden"] + b["hidden"])),
        "moves": {**a["moves"], **b["moves"]},
        "codes_added": _merge_codes(a, b, "codes_added", "codes_removed"),
        "codes_removed": _merge_codes(a, b, "codes_removed", "codes_added"),
    }


def merge_map(edits: dict[str, Any]) -> dict[str, str]:
    """theme id -> id it is merged into (chains resolved: [[a, b]], [[b, c]] sends c to a)."""
    target: dict[str, str] = {}
    for group in edits["merges"]:
        keep = group[0]
        for other in group[1:]:
            target[other] = keep
    resolved: dict[str, str] = {}
    for tid in target:
        seen = {tid}
        dest = target[tid]
        while dest in target and dest not in seen:
            seen.add(dest)
            dest = target[dest]
        resolved[tid] = dest
    return resolved


def apply_edits(
    assignments: pd.DataFrame, themes: list[Theme], edits: dict[str, Any]
) -> tuple[pd.DataFrame, list[Theme]]:
    """Apply merges, moves, renames and hides; every answer keeps exactly one theme."""
    by_id = {t.id: t for t in themes}
    merged = merge_map(edits)
    out = assignments.copy()
    for source, dest in merged.items():
        if source in by_id and dest in by_id:
            by_id[dest].merged_from.append(source)
            out.loc[out["theme_id"] == source, "theme_id"] = dest
        elif source in by_id:
            # The kept theme is absent this run: the merged one takes its id, so the name sticks.
            theme = by_id.pop(source)
            theme.merged_from.append(source)
            theme.id = dest
            by_id[dest] = theme
            out.loc[out["theme_id"] == source, "theme_id"] = dest
    moved: dict[str, str] = {}
    for doc_id, theme_id in edits["moves"].items():
        dest = merged.get(theme_id, theme_id)
        if dest in by_id:
            mask = out["id"] == doc_id
            out.loc[mask, "theme_id"] = dest
            out.loc[mask, "score"] = 1.0
            moved[str(doc_id)] = dest
    for theme in by_id.values():  # a moved answer no longer speaks for the theme it left
        theme.quotes = [q for q in theme.quotes if moved.get(str(q.id), theme.id) == theme.id]
    for theme_id, label in edits["renames"].items():
        renamed = by_id.get(merged.get(theme_id, theme_id))
        if renamed is not None:
            renamed.label = label
            renamed.label_source = "team"
    for theme_id in edits["hidden"]:
        hidden_theme = by_id.get(merged.get(theme_id, theme_id))
        if hidden_theme is not None:
            hidden_theme.hidden = True
    return out, list(by_id.values())
