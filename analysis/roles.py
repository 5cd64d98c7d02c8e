"""Barriers and strengths apart: each answer's role, and a run per role against its own categories.

A question asks either about barriers ("what makes it hard") or about strengths ("what do you
bring"). Its answers are themed against the codebook categories of that kind only (asset
categories for strengths, barrier ones for barriers) and emergent themes of their own, so a
strength never lands in a barrier theme and never counts in a barrier table.

The role comes from the input's role column ("barriers", also "themes"; "assets", also
"strengths"). A row without one ("", "auto") is decided per question (the question column, or all
such rows together): **a question is an asset question when more of its answers match asset
categories than barrier ones** (an answer counts for the kind its codebook matches score higher;
answers matching neither, or both equally, do not count); otherwise, ties included, it is a
barrier question, the app's first purpose.

When both roles are present, barrier answers are themed against barrier categories only; a run
of barrier answers alone keeps the whole codebook, as before roles existed.

Theme ids of the strengths run are prefixed (`assets-emergent-2`, `assets-other`) so that both
runs' themes live in one result; asset codebook categories keep their own ids.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from analysis.codebook import Codebook
from analysis.edits import normalize_edits
from analysis.prepare import prepare
from analysis.results import Theme, ThemeResult

BARRIERS = "barriers"
ASSETS = "assets"
ALIASES = {"barriers": BARRIERS, "barrier": BARRIERS, "themes": BARRIERS, "assets": ASSETS,
           "asset": ASSETS, "strengths": ASSETS}  # fmt: skip
PREFIX = "assets-"
ASSET_KIND = "asset"


def role_of(value: object) -> str:
    """A role cell as "barriers", "assets" or "" (decided from the answers)."""
    text = str(value or "").strip().lower()
    if text in ("", "auto", "nan", "none", "yes", "true"):
        return ""
    if text not in ALIASES:
        raise ValueError(f"unknown role '{value}' (use barriers, assets or auto)")
    return ALIASES[text]


def kind_codebook(codebook: Codebook, role: str) -> Codebook:
    """The categories a role's answers are themed against."""
    keep = [c for c in codebook.categories if (c.kind == ASSET_KIND) == (role == ASSETS)]
    return Codebook(keep, dict(codebook.meta))


def decide(
    texts: pd.Series, langs: pd.Series, groups: pd.Series, codebook: Codebook, default_lang: str | None
) -> dict[str, str]:
    """Role of each group of undecided rows, by the rule of the module docstring."""
    u_text = texts.tolist()
    _, _, _, scores, _ = prepare(
        langs.tolist(), u_text, np.ones(len(u_text), dtype=np.float32), codebook, default_lang
    )
    return vote(scores, groups, codebook)


def vote(scores: np.ndarray, groups: pd.Series, codebook: Codebook) -> dict[str, str]:
    """Role of each group from its rows' codebook scores (one row per answer, in `groups` order)."""
    asset = np.array([c.kind == ASSET_KIND for c in codebook.categories], dtype=bool)
    asset_score = scores[:, asset].sum(axis=1) if asset.any() else np.zeros(len(scores))
    barrier_score = scores[:, ~asset].sum(axis=1)
    votes = pd.DataFrame(
        {"group": groups.to_numpy(), "a": asset_score > barrier_score, "b": barrier_score > asset_score}
    )
    counts = votes.groupby("group", sort=True)[["a", "b"]].sum()
    return {str(g): (ASSETS if row.a > row.b else BARRIERS) for g, row in counts.iterrows()}


def is_asset_id(theme_id: str, codebook: Codebook) -> bool:
    cat = codebook.category(theme_id)
    return theme_id.startswith(PREFIX) or (cat is not None and cat.kind == ASSET_KIND)


def to_part(theme_id: str) -> str:
    """An asset id as the strengths run itself names it (without the prefix)."""
    return theme_id[len(PREFIX) :] if theme_id.startswith(PREFIX) else theme_id


def from_part(theme_id: str, codebook: Codebook) -> str:
    """A strengths-run id as the combined result names it."""
    return theme_id if is_asset_id(theme_id, codebook) else PREFIX + theme_id


def split_edits(edits: dict[str, Any], codebook: Codebook, role: str) -> dict[str, Any]:
    """The team's edits that concern one role's themes, with ids as that role's run knows them."""
    edits = normalize_edits(edits)

    def mine(t: str) -> bool:
        return is_asset_id(t, codebook) == (role == ASSETS)

    name = to_part if role == ASSETS else (lambda t: t)
    return normalize_edits(
        {
            "renames": {name(t): v for t, v in edits["renames"].items() if mine(t)},
            "merges": [[name(t) for t in g] for g in edits["merges"] if all(mine(t) for t in g)],
            "hidden": [name(t) for t in edits["hidden"] if mine(t)],
            "moves": {d: name(t) for d, t in edits["moves"].items() if mine(t)},
            "codes_added": {d: [name(t) for t in ts if mine(t)] for d, ts in edits["codes_added"].items()},
            "codes_removed": {
                d: [name(t) for t in ts if mine(t)] for d, ts in edits["codes_removed"].items()
            },
        }
    )


def split_previous(previous: ThemeResult | None, codebook: Codebook, role: str) -> ThemeResult | None:
    """The part of an earlier run that belongs to one role, ids as that role's run knows them."""
    if previous is None:
        return None
    mine = [t for t in previous.themes if (t.role == ASSETS) == (role == ASSETS)]
    if not mine:
        return None
    name = to_part if role == ASSETS else (lambda t: t)
    themes = [replace(t, id=name(t.id), merged_from=[name(m) for m in t.merged_from]) for t in mine]
    a = previous.assignments
    keep = a["theme_id"].astype(str).map(lambda t: is_asset_id(t, codebook) == (role == ASSETS))
    assignments = a[keep].assign(theme_id=a.loc[keep, "theme_id"].astype(str).map(name))
    return replace(previous, themes=themes, assignments=assignments.reset_index(drop=True), codes=None)


def rename_part(result: ThemeResult, codebook: Codebook) -> ThemeResult:
    """The strengths run's result with combined ids and every theme marked as a strength."""

    def name(t: str) -> str:
        return from_part(t, codebook)

    themes: list[Theme] = []
    for t in result.themes:
        themes.append(replace(t, id=name(t.id), merged_from=[name(m) for m in t.merged_from], role=ASSETS))
    assignments = result.assignments.assign(theme_id=result.assignments["theme_id"].astype(str).map(name))
    codes = result.codes
    if codes is not None:
        codes = codes.assign(theme_id=codes["theme_id"].astype(str).map(name))
    return replace(result, themes=themes, assignments=assignments, codes=codes)
