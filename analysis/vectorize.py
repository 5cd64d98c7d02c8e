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


def lsa(matrix: sparse.csr_matrix, seed: int, dims: int = 100) -> np.ndarray:
    """Latent semantic vectors (unit length); LSA merges stems that co-occur, e.g. rain/tent."""
    n_docs, n_terms = matrix.shape
    k = min(dims, n_terms - 1, n_docs - 1)
    if k < 2:
        dense = matrix.toarray() if n_terms else np.zeros((n_docs, 1), dtype=np.float32)
        return normalize(dense).astype(np.float32)
    svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=5, random_state=seed)
    reduced = svd.fit_transform(matrix).astype(np.float32)
    return normalize(reduced).astype(np.float32)


def combine(text_vectors: np.ndarray, code_scores: np.ndarray, code_weight: float) -> np.ndarray:
    """Join text vectors with unit-normalized codebook scores scaled by `code_weight`."""
    if code_scores.shape[1] == 0 or code_weight <= 0:
        return normalize(text_vectors).astype(np.float32)
    code = normalize(np.sqrt(code_scores)).astype(np.float32) * np.float32(code_weight)
    joined = np.hstack([text_vectors.astype(np.float32), code])
    return normalize(joined).astype(np.float32)


def build_features(
    content: Sequence[Sequence[str]],
    code_scores: np.ndarray,
    seed: int,
    code_weight: float = 1.0,
    embeddings: np.ndarray | None = None,
    embed_weight: float = 1.0,
) -> Features:
    """All vectors for clustering.

    With an embedding backend the sentence embeddings join the LSA vectors instead of replacing
    them: rows without an embedding (answers in languages the model does not read) still have
    their words and codebook scores, so every language stays in one space.
    """
    matrix, vocabulary = tfidf_matrix(content)
    base = lsa(matrix, seed)
    if embeddings is not None and embed_weight > 0:
        base = np.hstack([base, embeddings.astype(np.float32) * np.float32(embed_weight)])
    return Features(combine(base, code_scores, code_weight), matrix, vocabulary)
