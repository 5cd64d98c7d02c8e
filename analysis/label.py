"""Naming themes: top terms per language, labels and representative quotes.

Terms are ranked by how much more a theme uses them than the whole corpus does, so a word every
answer uses ("need", "help") never names a theme; they are shown as the most common written form of
the stem, not the stem itself ("children", not "childr").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from itertools import chain

import numpy as np
from scipy import sparse


def surface_forms(
    contents: Sequence[Sequence[str]], surfaces: Sequence[Sequence[str]], weights: np.ndarray
) -> dict[str, str]:
    """stem -> its most frequent written form (ties broken alphabetically, for determinism)."""
    counts: Counter[tuple[str, str]] = Counter()
    listed = weights.tolist()
    # Texts of weight 1 (almost all of a large run) are counted in C; sums of whole weights are
    # exact, so the order of the additions changes no count.
    counts.update(
        chain.from_iterable(
            zip(stems, words, strict=True)
            for stems, words, w in zip(contents, surfaces, listed, strict=True)
            if w == 1
        )
    )
    for stems, words, w in zip(contents, surfaces, listed, strict=True):
        if w != 1:
            for pair in zip(stems, words, strict=True):
                counts[pair] += w
    best: dict[str, tuple[float, str]] = {}
    for (stem, word), count in counts.items():
        key = (-count, word)
        if stem not in best or key < best[stem]:
            best[stem] = key
    return {stem: key[1] for stem, key in best.items()}


def top_terms(
    tfidf: sparse.csr_matrix,
    vocabulary: Sequence[str],
    theme_weights: np.ndarray,
    corpus_weights: np.ndarray,
    surface: dict[str, str],
    n_terms: int,
    skip: Callable[[str], bool] | None = None,
) -> list[str]:
    """Distinctive terms of a theme (rows weighted by `theme_weights`) against the corpus;
    `skip` leaves out words that name nothing (see `analysis.naming.unfit_for_name`)."""
    if tfidf.shape[1] == 0 or theme_weights.sum() <= 0:
        return []
    inside = np.asarray(theme_weights.astype(np.float32) @ tfidf).ravel() / theme_weights.sum()
    overall = np.asarray(corpus_weights.astype(np.float32) @ tfidf).ravel() / max(corpus_weights.sum(), 1.0)
    # Lift times presence: frequent in the theme and more frequent than elsewhere.
    score = inside * np.maximum(inside - overall, 0) / np.maximum(overall, 1e-6)
    # Only positive scores can name the theme: sorting those alone gives the same order.
    positive = np.flatnonzero(score > 0)
    order = positive[np.lexsort((positive, -score[positive]))]
    terms: list[str] = []
    for j in order:
        if len(terms) >= n_terms:
            break
        word = surface.get(vocabulary[j], vocabulary[j])
        if skip is not None and skip(word):
            continue
        if word not in terms:
            terms.append(word)
    return terms


def language_terms(
    tfidf: sparse.csr_matrix,
    vocabulary: Sequence[str],
    theme_weights: np.ndarray,
    corpus_weights: np.ndarray,
    in_lang: np.ndarray,
    surface: dict[str, str],
    n_terms: int,
    skip: Callable[[str], bool] | None = None,
) -> list[str]:
    """Top terms of a theme's answers in one language (`in_lang` marks its rows), against that
    language's answers; where the theme holds all of them (no contrast left), against the corpus."""
    inside = np.where(in_lang, theme_weights, 0)
    terms = top_terms(tfidf, vocabulary, inside, np.where(in_lang, corpus_weights, 0), surface, n_terms, skip)
    return terms or top_terms(tfidf, vocabulary, inside, corpus_weights, surface, n_terms, skip)


def lang_sizes_of(codes: np.ndarray, names: np.ndarray, w: np.ndarray, members: np.ndarray) -> Counter[str]:
    """Answers per language among a theme's texts (`w`: answers per text, whole numbers), the
    languages in the order of their first text."""
    rows = np.flatnonzero(members)
    totals = np.bincount(codes[rows], weights=w[rows], minlength=len(names))
    present, first = np.unique(codes[rows], return_index=True)
    return Counter({str(names[c]): int(totals[c]) for c in present[np.argsort(first)]})


def pick_quotes(
    candidates: Sequence[int], scores: np.ndarray, langs: Sequence[str], n_quotes: int
) -> list[int]:
    """Best-scoring rows, taking one per language first so every language is heard."""
    rows = np.asarray(candidates, dtype=np.int64)
    ranked = rows[np.lexsort((rows, -scores[rows].astype(np.float64)))].tolist()
    chosen: list[int] = []
    seen_lang: set[str] = set()
    for i in ranked:
        if langs[i] not in seen_lang:
            chosen.append(i)
            seen_lang.add(langs[i])
        if len(chosen) >= n_quotes:
            return chosen
    for i in ranked:
        if i not in chosen:
            chosen.append(i)
        if len(chosen) >= n_quotes:
            break
    return chosen
