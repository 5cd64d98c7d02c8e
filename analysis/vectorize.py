"""Document vectors: stemmed TF-IDF reduced by LSA, joined with the codebook's category scores.

The LSA part groups answers that share words; the codebook block is what lets answers about the
same barrier in different languages (no shared words) sit close together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize


@dataclass
class Features:
    """Dense unit-length vectors for clustering plus the sparse TF-IDF used for top terms."""

    vectors: np.ndarray
    tfidf: sparse.csr_matrix
    vocabulary: list[str]


def _passthrough(tokens: Sequence[str]) -> Sequence[str]:
    return tokens


def tfidf_matrix(content: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """Sublinear TF-IDF over stems; rare stems (one answer) are noise at any corpus size."""
    min_df = 2 if len(content) >= 50 else 1
    vectorizer = TfidfVectorizer(
        analyzer=_passthrough,
        sublinear_tf=True,
        min_df=min_df,
        max_df=0.5 if len(content) >= 50 else 1.0,
        dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform(content)
    except ValueError:
        # Every stem was too rare or too common: fall back to keeping them all.
        vectorizer = TfidfVectorizer(analyzer=_passthrough, sublinear_tf=True, dtype=np.float32)
        try:
            matrix = vectorizer.fit_transform(content)
        except ValueError:
            return sparse.csr_matrix(np.zeros((len(content), 0), dtype=np.float32)), []
    return matrix.tocsr(), list(vectorizer.get_feature_names_out())


# Above this many distinct texts the LSA directions are fitted on a random sample of them and
# every text is projected on them: the full randomized SVD holds several dense copies of the
# size of the output (each power iteration's product and its LU factors), about 1.5 GB at a
# million texts, and its time grows with the rows, while 25,000 rows (250 per direction) already
# fix 100 directions of a stemmed vocabulary. On 100,000 distinct answers resampled from dev.csv
# the themes' NMI against the labels is the same, fitted on 25,000 rows or on all (0.460 and 0.462,
# mean of 3 seeds; bench/README-analysis.md), and the run 1.5 s shorter.
LSA_FIT_ROWS = 25_000


def lsa(matrix: sparse.csr_matrix, seed: int, dims: int = 100) -> np.ndarray:
    """Latent semantic vectors (unit length); LSA merges stems that co-occur, e.g. rain/tent."""
    n_docs, n_terms = matrix.shape
    k = min(dims, n_terms - 1, n_docs - 1)
    if k < 2:
        dense = matrix.toarray() if n_terms else np.zeros((n_docs, 1), dtype=np.float32)
        return normalize(dense).astype(np.float32)
    svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=5, random_state=seed)
    reduced = svd.fit_transform(matrix)
    return normalize(reduced.astype(np.float32, copy=False), copy=False)


def _lsa_directions(matrix: sparse.csr_matrix, seed: int, dims: int) -> np.ndarray | None:
    """LSA directions (terms x k) fitted on `LSA_FIT_ROWS` random rows, or None when too few terms."""
    n_docs, n_terms = matrix.shape
    k = min(dims, n_terms - 1, LSA_FIT_ROWS - 1)
    if k < 2:
        return None
    rows = np.sort(np.random.default_rng(seed).choice(n_docs, size=LSA_FIT_ROWS, replace=False))
    svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=5, random_state=seed)
    svd.fit(matrix[rows])
    directions: np.ndarray = svd.components_.T.astype(np.float32)
    return directions


def _unit_rows(block: np.ndarray) -> None:
    """Scale rows to unit length in place (zero rows stay zero), as sklearn's `normalize`."""
    norms = np.sqrt(np.einsum("ij,ij->i", block, block))
    norms[norms == 0] = 1
    block /= norms[:, None]


def large_vectors(
    matrix: sparse.csr_matrix, code_scores: np.ndarray, seed: int, code_weight: float, dims: int = 100
) -> np.ndarray | None:
    """`combine(lsa(...), ...)` for inputs above `LSA_FIT_ROWS` distinct texts, computed block by
    block into the one output array, with LSA directions fitted on a sample; None when the
    vocabulary is too small for LSA (the general path handles it)."""
    directions = _lsa_directions(matrix, seed, dims)
    if directions is None:
        return None
    k = directions.shape[1]
    m = code_scores.shape[1] if code_weight > 0 else 0
    out = np.empty((matrix.shape[0], k + m), dtype=np.float32)
    for start in range(0, matrix.shape[0], 50_000):
        end = min(start + 50_000, matrix.shape[0])
        block = out[start:end]
        block[:, :k] = matrix[start:end] @ directions
        _unit_rows(block[:, :k])
        if m:
            code = np.sqrt(code_scores[start:end]).astype(np.float32)
            _unit_rows(code)
            block[:, k:] = code * np.float32(code_weight)
            _unit_rows(block)
    return out


def combine(text_vectors: np.ndarray, code_scores: np.ndarray, code_weight: float) -> np.ndarray:
    """Join text vectors with unit-normalized codebook scores scaled by `code_weight`.

    Written into one preallocated array and normalized in place: at a million answers each
    extra copy of the vectors is half a gigabyte.
    """
    if code_scores.shape[1] == 0 or code_weight <= 0:
        return normalize(text_vectors.astype(np.float32), copy=False)
    d = text_vectors.shape[1]
    joined = np.empty((len(text_vectors), d + code_scores.shape[1]), dtype=np.float32)
    joined[:, :d] = text_vectors
    joined[:, d:] = normalize(np.sqrt(code_scores)).astype(np.float32) * np.float32(code_weight)
    return normalize(joined, copy=False)


def build_features(
    matrix: sparse.csr_matrix,
    vocabulary: list[str],
    code_scores: np.ndarray,
    seed: int,
    code_weight: float = 1.0,
    embeddings: np.ndarray | None = None,
    embed_weight: float = 1.0,
) -> Features:
    """All vectors for clustering, from the texts' TF-IDF matrix (`tfidf_matrix`).

    With an embedding backend the sentence embeddings join the LSA vectors instead of replacing
    them: rows without an embedding (answers in languages the model does not read) still have
    their words and codebook scores, so every language stays in one space.
    """
    if embeddings is None and matrix.shape[0] > LSA_FIT_ROWS:
        vectors = large_vectors(matrix, code_scores, seed, code_weight)
        if vectors is not None:
            return Features(vectors, matrix, vocabulary)
    base = lsa(matrix, seed)
    if embeddings is not None and embed_weight > 0:
        base = np.hstack([base, embeddings.astype(np.float32) * np.float32(embed_weight)])
    return Features(combine(base, code_scores, code_weight), matrix, vocabulary)
