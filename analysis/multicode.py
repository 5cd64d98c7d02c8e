"""Several codes per answer, as qualitative coders give them: the primary theme plus every other
theme the answer clearly speaks of, each with a score and the evidence that put it there.

The rules are fixed in advance, not fitted to any data set:
- a codebook category becomes a code when the answer matches at least one of its strong seed
  terms (the bar that pins an answer to a category by the codebook alone) and its codebook score
  is at least `ratio` (half) of the answer's best category score: a second barrier named as
  plainly as the first counts, a passing related word beside three strong terms of another
  category does not;
- the same rule within each clause of the answer (`analysis.clauses`: sentences, and clauses
  joined by "and", "but", "because"): a barrier named in a clause of its own competes only with
  that clause, not with the whole answer's best category; a clause with no strong term names
  the one category its codebook words favour most; a code found either way counts,
  and the evidence of one found only in its clause quotes the clause;
- an emergent theme becomes a code when the answer's similarity to its centroid is within
  `margin` of its similarity to its primary theme (the pipeline's own `stickiness`: the margin
  under which two themes fit an answer equally well).
The score of every code is the answer's cosine similarity to that theme's centroid, so codes of
one answer compare; the primary code is the theme of `assignments`, the one charts use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.clauses import clause_codes
from analysis.cluster import SECOND_CODE_RATIO, named_categories
from analysis.codebook import Codebook, FoundTerms, terms_by_category
from analysis.preprocess import Processed, process

CODE_COLUMNS = ["id", "theme_id", "score", "primary", "evidence"]
OTHER_ID = "other"
TEAM = "team"
TERMS = "terms: "
SIMILARITY = "similarity: "
CLAUSE = "clause: "
# Evidence is stored in 300 characters: a long clause is cut.
CLAUSE_CHARS = 160


@dataclass
class CodeRules:
    """Thresholds of the secondary-code rule (see the module docstring)."""

    ratio: float = SECOND_CODE_RATIO
    margin: float = 0.05
    min_similarity: float = 0.05


@dataclass
class UniqueCodes:
    """Codes per distinct text: parallel arrays, sorted by text then primary first."""

    text: np.ndarray
    theme_id: np.ndarray
    score: np.ndarray
    primary: np.ndarray
    evidence: list[str]


def _unit(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms == 0, 1, norms)


def code_texts(
    x: np.ndarray,
    centroids: np.ndarray,
    labels: np.ndarray,
    slot_ids: Sequence[str],
    slot_categories: Sequence[int],
    dropped: set[str],
    scores: np.ndarray,
    processed: Sequence[Processed],
    u_text: Sequence[str],
    codebook: Codebook,
    rules: CodeRules | None = None,
    terms: Sequence[FoundTerms | None] | None = None,
) -> UniqueCodes:
    """Every code of every distinct text.

    `labels` is the primary slot per text (-1 for "other"), `slot_ids` the theme id of each slot,
    `slot_categories` the codebook category index of the first slots, `dropped` the ids of slots
    that joined "other" (too small); `terms` the codebook terms that scored each text, when the
    run kept them (`Codebook.scored`; None for a text: matched again here).
    """
    rules = rules or CodeRules()
    n = len(labels)
    n_cat = len(slot_categories)
    sims = (x @ _unit(centroids).T).astype(np.float32) if len(centroids) else np.zeros((n, 0), np.float32)
    live_slot = np.array([sid not in dropped for sid in slot_ids], dtype=bool)
    primary = np.where((labels >= 0) & live_slot[np.maximum(labels, 0)], labels, -1)
    rows_u: list[np.ndarray] = [np.arange(n)]
    rows_s: list[np.ndarray] = [primary]
    in_clause: dict[tuple[int, int], str] = {}
    if n_cat:
        cat_scores = scores[:, list(slot_categories)]
        named = named_categories(scores, rules.ratio)[:, list(slot_categories)]
        named &= live_slot[None, :n_cat]
        in_clause = _clause_named(
            cat_scores, named, live_slot[:n_cat], slot_categories, processed, u_text, codebook, rules
        )
        u, s = np.nonzero(named)
        rows_u.append(u)
        rows_s.append(s)
        if in_clause:
            rows_u.append(np.array([key[0] for key in in_clause], dtype=np.intp))
            rows_s.append(np.array([key[1] for key in in_clause], dtype=np.intp))
    if len(slot_ids) > n_cat:
        has = primary >= 0
        own = np.where(has, sims[np.arange(n), np.maximum(primary, 0)], np.inf)
        emergent = sims[:, n_cat:]
        close = (emergent >= own[:, None] - rules.margin) & (emergent >= rules.min_similarity)
        close &= live_slot[None, n_cat:]
        u, s = np.nonzero(close)
        rows_u.append(u)
        rows_s.append(s + n_cat)
    all_u = np.concatenate(rows_u)
    all_s = np.concatenate(rows_s)
    is_primary = np.zeros(len(all_u), dtype=bool)
    is_primary[:n] = True
    # Primary first, then by slot; a secondary repeating the primary is dropped.
    order = np.lexsort((all_s, ~is_primary, all_u))
    all_u, all_s, is_primary = all_u[order], all_s[order], is_primary[order]
    keep = np.ones(len(all_u), dtype=bool)
    same = (all_u[1:] == all_u[:-1]) & (all_s[1:] == all_s[:-1])
    keep[1:] = ~same
    all_u, all_s, is_primary = all_u[keep], all_s[keep], is_primary[keep]
    score = np.where(all_s >= 0, sims[all_u, np.maximum(all_s, 0)] if sims.size else 0.0, 0.0)
    ids = np.array(list(slot_ids) + [OTHER_ID], dtype=object)
    theme = ids[np.where(all_s >= 0, all_s, len(slot_ids))]
    evidence = _evidence(all_u, all_s, score, slot_categories, scores, processed, u_text, codebook, terms)
    for i in np.flatnonzero(~is_primary).tolist() if in_clause else []:
        found = in_clause.get((int(all_u[i]), int(all_s[i])))
        if found:
            evidence[i] = found
    return UniqueCodes(all_u, theme, np.round(score.astype(float), 4), is_primary, evidence)


def _clause_named(
    cat_scores: np.ndarray,
    named: np.ndarray,
    live: np.ndarray,
    slot_categories: Sequence[int],
    processed: Sequence[Processed],
    u_text: Sequence[str],
    codebook: Codebook,
    rules: CodeRules,
) -> dict[tuple[int, int], str]:
    """Codes that one clause of a text names (`analysis.clauses`) and the whole text does not:
    (text, slot) -> evidence "terms: ...; clause: ...".

    Only texts with a codebook word of a category the whole-text rule left out are split.
    """
    left_out = (cat_scores > 0) & ~named & live[None, :]
    slot_of = {int(ci): slot for slot, ci in enumerate(slot_categories)}
    out: dict[tuple[int, int], str] = {}
    for u in np.flatnonzero(left_out.any(axis=1)).tolist():
        for ci, (terms, words) in clause_codes(codebook, u_text[u], processed[u], rules.ratio).items():
            slot = slot_of.get(ci)
            if slot is not None and left_out[u, slot]:
                shown = words if len(words) <= CLAUSE_CHARS else words[: CLAUSE_CHARS - 1] + "…"
                out[(u, slot)] = f'{TERMS}{", ".join(dict.fromkeys(terms))}; {CLAUSE}"{shown}"'
    return out


def _evidence(
    rows_u: np.ndarray,
    rows_s: np.ndarray,
    score: np.ndarray,
    slot_categories: Sequence[int],
    scores: np.ndarray,
    processed: Sequence[Processed],
    u_text: Sequence[str],
    codebook: Codebook,
    terms_of: Sequence[FoundTerms | None] | None = None,
) -> list[str]:
    """ "terms: a, b" for codebook codes with matched seed terms, else "similarity: 0.42".
    A text with no codebook score for the category holds none of its terms: it is not searched;
    one whose scoring terms the run kept (`terms_of`) is not matched again."""
    out: list[str] = []
    n_cat = len(slot_categories)
    # Rows come grouped by text: its seed terms are matched once for all of its codes.
    last = -1
    found: dict[int, list[str]] = {}
    for u, s, sc in zip(rows_u.tolist(), rows_s.tolist(), score.tolist(), strict=True):
        terms: list[str] = []
        if 0 <= s < n_cat and scores[u, slot_categories[s]] > 0:
            if u != last:
                last = u
                kept = terms_of[u] if terms_of is not None else None
                if kept is None:
                    found = codebook.evidence(processed[u].stems, processed[u].lang)
                else:
                    found = terms_by_category(kept)
            terms = _terms_of(processed[u], u_text[u], codebook, slot_categories[s], found)
        if terms:
            out.append(TERMS + ", ".join(dict.fromkeys(terms)))
        elif s >= 0:
            out.append(f"{SIMILARITY}{sc:.2f}")
        else:
            out.append("")
    return out


def _terms_of(
    p: Processed, text: str, codebook: Codebook, category: int, found: dict[int, list[str]]
) -> list[str]:
    """Seed terms of one category found in one text, in its own language (`found`: the text's
    `codebook.evidence`), else in the codebook's others (texts of undetermined language were
    matched against every codebook language)."""
    terms = found.get(category)
    if terms or not text:
        return terms or []
    for lang in sorted(codebook.languages()):
        if lang != p.lang:
            terms = codebook.evidence(process(text, lang).stems, lang).get(category)
            if terms:
                return terms
    return []


def doc_codes(
    unique: UniqueCodes,
    inverse: np.ndarray,
    ids: pd.Series,
    assignments: pd.DataFrame,
    edits: dict[str, Any],
    merged: dict[str, str],
    theme_ids: set[str],
) -> pd.DataFrame:
    """Codes per answer after the team's edits; the primary is always the answer's assignment.

    Merged themes carry their codes into the kept theme; a moved answer's primary is the theme it
    was moved to and its only code but those the team adds (the team's judgement beats its words);
    `codes_added` and
    `codes_removed` add or remove secondary codes (the primary changes only by a move, so each
    answer keeps one).
    """
    starts = np.searchsorted(unique.text, np.arange(int(inverse.max()) + 1))
    counts = np.bincount(unique.text, minlength=len(starts))
    rep = counts[inverse]
    offsets = np.arange(int(rep.sum())) - np.repeat(np.cumsum(rep) - rep, rep)
    rows = np.repeat(starts[inverse], rep) + offsets
    doc = np.repeat(np.arange(len(inverse)), rep)
    evidence = np.array(unique.evidence, dtype=object)
    codes = pd.DataFrame(
        {
            "id": ids.to_numpy(dtype=object)[doc],
            "theme_id": pd.Series(unique.theme_id[rows]).map(lambda t: merged.get(t, t)).values,
            "score": unique.score[rows],
            "primary": unique.primary[rows],
            "evidence": evidence[rows] if len(rows) else [],
        }
    )
    assigned = dict(zip(assignments["id"].astype(str), assignments["theme_id"], strict=True))
    wanted = codes["id"].map(assigned)
    moved = set(edits.get("moves", {})) & set(assigned)
    # A moved answer carries the theme the team put it in, and the codes the team adds: the team's
    # judgement beats its words.
    codes = codes[~(codes["id"].isin(moved) & (codes["theme_id"] != wanted))]
    codes = codes.assign(primary=codes["theme_id"] == codes["id"].map(assigned))
    carried = set(codes.loc[codes["primary"], "id"])
    missing = assignments[~assignments["id"].isin(carried)]
    extra = [
        pd.DataFrame(
            {
                "id": missing["id"].astype(str),
                "theme_id": missing["theme_id"],
                "score": missing["score"].astype(float),
                "primary": True,
                "evidence": TEAM,
            }
        )
    ]
    added = [
        (doc_id, merged.get(t, t))
        for doc_id, themes in edits.get("codes_added", {}).items()
        for t in themes
        if doc_id in assigned and merged.get(t, t) in theme_ids
    ]
    if added:
        extra.append(
            pd.DataFrame(
                {
                    "id": [a for a, _ in added],
                    "theme_id": [t for _, t in added],
                    "score": 1.0,
                    "primary": False,
                    "evidence": TEAM,
                }
            )
        )
    codes = pd.concat([codes, *extra], ignore_index=True)
    codes = codes.sort_values(["id", "theme_id", "primary", "score"], ascending=[True, True, False, False])
    codes = codes.drop_duplicates(["id", "theme_id"], keep="first")
    removed = {
        (doc_id, merged.get(t, t))
        for doc_id, themes in edits.get("codes_removed", {}).items()
        for t in themes
    }
    if removed:
        pairs = pd.Series(list(zip(codes["id"], codes["theme_id"], strict=True)), index=codes.index)
        codes = codes[codes["primary"] | ~pairs.isin(removed)]
    # Answers in input order, primary first.
    position = {doc_id: i for i, doc_id in enumerate(ids)}
    codes = codes.assign(_pos=codes["id"].map(position))
    codes = codes.sort_values(["_pos", "primary", "score"], ascending=[True, False, False])
    return codes.drop(columns="_pos").reset_index(drop=True)[CODE_COLUMNS]


def run_codes(
    unique: UniqueCodes,
    inverse: np.ndarray,
    ids: pd.Series,
    assignments: pd.DataFrame,
    edits: dict[str, Any],
    merged: dict[str, str],
    themes: Sequence[Any],
) -> pd.DataFrame:
    """Answer codes limited to the run's themes; sets each theme's `coded` count of answers."""
    present = {t.id for t in themes}
    codes = doc_codes(unique, inverse, ids, assignments, edits, merged, present)
    codes = codes[codes["primary"] | codes["theme_id"].isin(present)].reset_index(drop=True)
    coded = codes.groupby("theme_id")["id"].nunique()
    for theme in themes:
        theme.coded = int(coded.get(theme.id, 0))
    return codes
