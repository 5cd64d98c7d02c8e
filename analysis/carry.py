"""Carry-over from a previous run: emergent centroids, each text's previous theme, new theme ids,
and team moves as clustering constraints, so that re-runs keep their themes and the team's work.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from analysis import cluster as clu
from analysis.results import ThemeResult


def carry_over(
    previous: ThemeResult | None,
    ids: pd.Series,
    inverse: np.ndarray,
    x: np.ndarray,
    weights: np.ndarray,
    cat_ids: list[str],
    plan: clu.ClusterPlan,
    merged: dict[str, str],
) -> tuple[np.ndarray | None, list[str], np.ndarray | None]:
    """Previous emergent centroids (rebuilt on today's vectors) and each text's previous slot."""
    if previous is None or previous.assignments.empty:
        return None, [], None
    prev = dict(
        zip(
            previous.assignments["id"].astype(str),
            previous.assignments["theme_id"].astype(str),
            strict=True,
        )
    )
    per_text: dict[int, Counter[str]] = {}
    for doc_id, u in zip(ids, inverse, strict=True):
        theme = prev.get(doc_id)
        if theme is not None:
            per_text.setdefault(int(u), Counter())[merged.get(theme, theme)] += 1
    prev_theme = {u: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for u, c in per_text.items()}
    emergent = [t.id for t in previous.themes if t.kind == "emergent" and t.id not in merged]
    members = {tid: [u for u, t in prev_theme.items() if t == tid] for tid in emergent}
    ranked = sorted(
        (tid for tid in emergent if members[tid]),
        key=lambda tid: (-weights[members[tid]].sum(), tid),
    )[: plan.n_emergent]
    cents = [np.average(x[members[tid]], axis=0, weights=weights[members[tid]]) for tid in ranked]
    slot_of = {tid: i for i, tid in enumerate(cat_ids + ranked)}
    prefer = np.full(len(weights), -1, dtype=np.int64)
    for u, tid in prev_theme.items():
        prefer[u] = slot_of.get(tid, -1)
    init = np.vstack(cents).astype(np.float32) if cents else None
    return init, ranked, prefer


def name_emergent(carried: list[str], n_emergent: int, previous: ThemeResult | None) -> list[str]:
    """Ids for emergent slots: carried ids first, then new numbers after every id ever used."""
    used = set(carried)
    if previous is not None:
        used |= {t.id for t in previous.themes}
        used |= {m for t in previous.themes for m in t.merged_from}
    numbers = [int(u.split("-")[1]) for u in used if u.startswith("emergent-") and u.split("-")[1].isdigit()]
    nxt = max(numbers, default=0) + 1
    names = list(carried[:n_emergent])
    while len(names) < n_emergent:
        names.append(f"emergent-{nxt}")
        nxt += 1
    return names


def fixed_moves(
    edits: dict[str, Any],
    ids: pd.Series,
    inverse: np.ndarray,
    slot_ids: list[str],
    merged: dict[str, str],
    n_unique: int,
) -> np.ndarray | None:
    """Team moves as constraints, so the moved answers also pull their theme's centroid."""
    if not edits["moves"]:
        return None
    slot_of = {tid: i for i, tid in enumerate(slot_ids)}
    fixed = np.full(n_unique, -1, dtype=np.int64)
    position = {doc_id: i for i, doc_id in enumerate(ids)}
    for doc_id, theme_id in edits["moves"].items():
        i = position.get(doc_id)
        slot = slot_of.get(merged.get(theme_id, theme_id), -1)
        if i is not None and slot >= 0:
            fixed[inverse[i]] = slot
    return fixed
