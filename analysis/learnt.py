"""Words a run learns for a category from its own answers, without reading any label.

A codebook lists a barrier's general vocabulary; the answers of one survey also name it with words
of their own: a place, a local word, a word in a language the codebook holds few terms of. Such a
word is seen mostly in answers that the codebook already places without doubt (answers pinned to
one category by a strong term). So a stem that at least `MIN_ANSWERS` pinned answers of one
category hold, and that two thirds of all the answers holding it are pinned to that category,
counts in this run as a related word of it (`RELATED`, half a strong term): bootstrapping from the
answers a lexicon is sure of, as in Yarowsky's word-sense work. Two learnt words pin an answer
too, so the learning is repeated on the answers pinned then, until the pinned answers stay the same.

The learnt words place answers (their vectors' codebook part, and pinning when two of them agree);
they are never a code's evidence: a code still needs a word of the codebook itself. The rule and
its two numbers are fixed in advance, not fitted to one data set (`bench/README-analysis.md`
gives the figures with and without it).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from analysis.cluster import pin_documents
from analysis.codebook import RELATED

MIN_ANSWERS = 5.0
# Two thirds, as a ratio of whole numbers: answer counts compare exactly, where 2/3 in float32 does not.
SHARE_OF, SHARE_IN = 2, 3
MAX_ROUNDS = 5


def placing_scores(
    matrix: sparse.csr_matrix, scores: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The scores that place answers, and the category each answer is pinned to by them: the
    codebook's `scores` plus the words learnt from the answers they pin, learnt again from the
    answers pinned then until those stay the same (at most `MAX_ROUNDS` times)."""
    placed, pinned = scores, pin_documents(scores)
    for _ in range(MAX_ROUNDS):
        placed = with_learnt(scores, learnt_scores(matrix, pinned, weights, scores.shape[1]))
        again = pin_documents(placed)
        if np.array_equal(again, pinned):
            break
        pinned = again
    return placed, again


def learnt_scores(
    matrix: sparse.csr_matrix, pinned: np.ndarray, weights: np.ndarray, n_categories: int
) -> sparse.csr_matrix:
    """Per distinct text and category, the weight of the learnt words it holds (sparse).

    `matrix` is the texts' stem matrix (any positive entry: the text holds the stem), `pinned`
    the category index each text is pinned to (-1: none), `weights` how many answers each text is.
    """
    n, n_stems = matrix.shape
    if n_categories == 0 or n_stems == 0 or not (pinned >= 0).any():
        none = np.zeros(0, np.int64)
        return sparse.csr_matrix((np.zeros(0, np.float32), (none, none)), shape=(n, n_categories))
    # The stem matrix with every entry 1, sharing its index arrays (a million answers' matrix is large).
    holds = sparse.csr_matrix(
        (np.ones(matrix.nnz, np.float32), matrix.indices, matrix.indptr), shape=matrix.shape
    )
    w = weights.astype(np.float32)
    rows = np.flatnonzero(pinned >= 0)
    placed = sparse.csr_matrix((w[rows], (rows, pinned[rows])), shape=(n, n_categories))
    per_category = np.asarray((holds.T @ placed).todense())  # stems x categories, answers pinned
    everywhere = np.asarray(holds.T @ w).ravel()  # stems: every answer that holds the stem
    best = per_category.argmax(axis=1)
    most = per_category[np.arange(n_stems), best]
    learnt = (most >= MIN_ANSWERS) & (SHARE_IN * most >= SHARE_OF * everywhere)
    stems = np.flatnonzero(learnt)
    words = sparse.csr_matrix(
        (np.full(len(stems), RELATED, np.float32), (stems, best[stems])), shape=(n_stems, n_categories)
    )
    return (holds @ words).tocsr()


def with_learnt(scores: np.ndarray, learnt: sparse.csr_matrix) -> np.ndarray:
    """The codebook scores plus the learnt words' (a new array: the codebook's own stay for codes)."""
    placed = scores.astype(np.float32, copy=True)
    coo = learnt.tocoo()
    np.add.at(placed, (coo.row, coo.col), coo.data)
    return placed
