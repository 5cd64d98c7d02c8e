"""Codebook-guided clustering: seeded, constrained k-means with room for emergent themes.

Answers that clearly name one codebook category (a strong seed term, or two words the run learnt
for it in `analysis.learnt`; no tie) are pinned to that category's cluster; the other answers join
the nearest centroid. Answers that match nothing in the codebook form emergent clusters, and
answers with no content words, or far from every centroid, go to "other / unclear" instead of
being forced somewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import silhouette_score

OTHER = -1


@dataclass
class ClusterPlan:
    """What the clusters are seeded with: codebook category indices, then emergent slots."""

    categories: list[int]
    n_emergent: int
    why: dict[str, object] = field(default_factory=dict)


@dataclass
class Clustering:
    """Cluster per document (OTHER for other/unclear), similarity score, and the plan."""

    labels: np.ndarray
    scores: np.ndarray
    centroids: np.ndarray
    plan: ClusterPlan


def pin_documents(code_scores: np.ndarray) -> np.ndarray:
    """Category index per document where one category clearly wins (>= one strong term), else -1."""
    n, m = code_scores.shape
    pinned = np.full(n, -1, dtype=np.int64)
    if m == 0:
        return pinned
    # The first best category and the second-best score, without sorting every row (a full
    # argsort held three times the score table at a million answers).
    top = np.argmax(code_scores, axis=1)
    best = code_scores[np.arange(n), top]
    second = np.partition(code_scores, m - 2, axis=1)[:, m - 2] if m > 1 else np.zeros(n)
    clear = (best >= 1.0) & (best > second)
    pinned[clear] = top[clear]
    return pinned


# A second category is named when its score is at least this share of the answer's best one.
SECOND_CODE_RATIO = 0.5


def named_categories(code_scores: np.ndarray, ratio: float = SECOND_CODE_RATIO) -> np.ndarray:
    """Per answer and category, whether the answer names the category as plainly as a code needs:
    at least one strong term, and at least `ratio` of the answer's best category score (an answer
    naming two barriers names both; a passing word beside three terms of another does not)."""
    if code_scores.shape[1] == 0:
        return np.zeros(code_scores.shape, dtype=bool)
    best = code_scores.max(axis=1, keepdims=True)
    return (code_scores >= 1.0) & (code_scores >= ratio * best)


def distinct_rows(x: np.ndarray, at_most: int) -> int:
    """How many different rows `x` holds, counted up to `at_most`: k-means cannot make more
    clusters than that (answers that read the same after cleaning, such as one word typed by many,
    are one point). Rows compare by their bytes; the count stops as soon as `at_most` differ, so a
    large input costs a few rows."""
    seen: set[bytes] = set()
    for row in np.ascontiguousarray(x):
        seen.add(row.tobytes())
        if len(seen) >= at_most:
            break
    return len(seen)


def _weighted_kmeans(x: np.ndarray, w: np.ndarray, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Weighted k-means with at most as many clusters as `x` has distinct rows."""
    k = distinct_rows(x, k)
    if len(x) > 20_000:
        model: KMeans | MiniBatchKMeans = MiniBatchKMeans(
            n_clusters=k, random_state=seed, n_init=3, batch_size=4096
        )
    else:
        model = KMeans(n_clusters=k, random_state=seed, n_init=4)
    labels = model.fit_predict(x, sample_weight=w)
    return labels, model.cluster_centers_.astype(np.float32)


def _sample(n: int, limit: int, seed: int) -> np.ndarray:
    if n <= limit:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=limit, replace=False))


def choose_emergent(x: np.ndarray, w: np.ndarray, seed: int, max_k: int) -> tuple[int, dict[str, float]]:
    """Number of emergent clusters among unmatched answers by silhouette (values are reported).

    One cluster when nothing beats a weak structure (silhouette < 0.05): a loose group of unmatched
    answers is more honest than several arbitrary ones.
    """
    values: dict[str, float] = {}
    if len(x) < 20 or max_k < 2:
        return (1 if len(x) else 0), values
    idx = _sample(len(x), 3000, seed)
    best_k, best_value = 1, 0.05
    for k in range(2, distinct_rows(x[idx], max_k) + 1):
        labels, _ = _weighted_kmeans(x[idx], w[idx], k, seed)
        if len(set(labels.tolist())) < 2:
            continue
        value = float(silhouette_score(x[idx], labels, metric="cosine", random_state=seed))
        values[str(k)] = round(value, 4)
        if value > best_value + 1e-9:
            best_k, best_value = k, value
    return best_k, values


def plan_clusters(
    named: np.ndarray,
    code_scores: np.ndarray,
    x: np.ndarray,
    w: np.ndarray,
    k: int | None,
    min_size: float,
    seed: int,
    always: frozenset[int] = frozenset(),
) -> ClusterPlan:
    """Choose the seeded categories and the number of emergent clusters (k=None: automatic).

    A category's support is every answer that names it (`named`, as `named_categories` gives it),
    not only those it wins: a barrier that people mostly mention second is a theme of its own.
    A category of `always` (made by the team) is a theme with any support at all."""
    total = float(w.sum())
    support = {int(c): float(w[named[:, c]].sum()) for c in np.flatnonzero(named.any(axis=0))}
    active = sorted(
        (c for c, s in support.items() if s >= min_size or (c in always and s > 0)),
        key=lambda c: (-support[c], c),
    )
    unmatched = code_scores.sum(axis=1) == 0 if code_scores.shape[1] else np.ones(len(w), bool)
    unmatched &= w > 0
    residual_share = float(w[unmatched].sum()) / total if total else 0.0
    why: dict[str, object] = {
        "category_support": {str(c): round(support[c], 2) for c in sorted(support)},
        "min_theme_size": round(min_size, 2),
        "unmatched_share": round(residual_share, 4),
    }
    if k is None:
        max_emergent = int(min(8, max(0, float(w[unmatched].sum()) // max(min_size, 1.0))))
        n_emergent, values = choose_emergent(x[unmatched], w[unmatched], seed, max_emergent)
        why["criterion"] = (
            "categories with at least min_theme_size clearly matched answers, plus "
            "emergent clusters among unmatched answers chosen by cosine silhouette"
        )
        why["silhouette_by_emergent_k"] = values
        return ClusterPlan(active, n_emergent, why)
    # Fixed k: emergent slots in proportion to the unmatched share, the rest to categories.
    n_emergent = min(k - 1, round(k * residual_share)) if residual_share > 0 else 0
    if residual_share >= 0.15:
        n_emergent = max(n_emergent, 1)
    n_cat = min(len(active), k - n_emergent)
    n_emergent = k - n_cat
    why["criterion"] = "fixed k: emergent clusters in proportion to the unmatched share"
    return ClusterPlan(active[:n_cat], n_emergent, why)


def seeded_kmeans(
    x: np.ndarray,
    w: np.ndarray,
    pinned: np.ndarray,
    plan: ClusterPlan,
    empty: np.ndarray,
    seed: int,
    emergent_init: np.ndarray | None = None,
    fixed: np.ndarray | None = None,
    prefer: np.ndarray | None = None,
    stickiness: float = 0.05,
    unmatched: np.ndarray | None = None,
    iterations: int = 25,
    min_similarity: float = 0.05,
    named: np.ndarray | None = None,
) -> Clustering:
    """Constrained k-means: pinned answers stay with their category, the rest move to the nearest.

    A previous run makes repeated runs keep their themes: `emergent_init` seeds emergent clusters
    with the previous ones, `prefer` (slot per answer, -1 when new) keeps an answer in its previous
    cluster unless another is better by more than `stickiness`; `fixed` (team moves) always wins.
    New emergent clusters are seeded among `unmatched` answers (no codebook term) when there are
    enough: an answer naming two categories is not a theme of its own, it carries both codes.
    A category that no answer is pinned to starts from the answers that name it (`named`, per
    answer and category index, as `named_categories` gives it).
    """
    n = len(x)
    slot_of = {c: i for i, c in enumerate(plan.categories)}
    forced = np.full(n, -1, dtype=np.int64)
    for c, slot in slot_of.items():
        forced[pinned == c] = slot
    if fixed is not None:
        forced = np.where(fixed >= 0, fixed, forced)
    usable = ~empty
    centroids: list[np.ndarray] = []
    for slot, c in enumerate(plan.categories):
        members = (forced == slot) & usable
        if not members.any() and named is not None:
            members = named[:, c] & usable
        centroids.append(
            np.average(x[members], axis=0, weights=w[members])
            if members.any()
            else np.zeros(x.shape[1], dtype=np.float32)
        )
    carried = 0 if emergent_init is None else min(len(emergent_init), plan.n_emergent)
    if carried:
        centroids.extend(emergent_init[:carried])  # type: ignore[index]
    missing = plan.n_emergent - carried
    if missing:
        free = usable & (forced < 0) & (pinned < 0)
        if prefer is not None:
            free &= prefer < 0
        if unmatched is not None and (free & unmatched).sum() >= missing:
            free &= unmatched
        if free.sum() < missing:
            free = usable & (forced < 0)
        if free.sum() >= missing:
            _, emergent = _weighted_kmeans(x[free], w[free], missing, seed)
            centroids.extend(emergent)
            plan.n_emergent = carried + len(emergent)
        else:
            plan.n_emergent = carried
    cent = np.vstack(centroids).astype(np.float32) if centroids else np.zeros((0, x.shape[1]), np.float32)
    k = len(cent)
    if prefer is not None:
        prefer = np.where(prefer < k, prefer, -1)
    labels = np.full(n, OTHER, dtype=np.int64)
    if k == 0:
        return Clustering(labels, np.zeros(n, np.float32), cent, plan)
    for _ in range(iterations):
        sims = x @ _unit(cent).T
        new = np.argmax(sims, axis=1)
        if prefer is not None:
            has = prefer >= 0
            kept = sims[np.arange(n), np.maximum(prefer, 0)] >= sims.max(axis=1) - stickiness
            new = np.where(has & kept, prefer, new)
        new = np.where(forced >= 0, forced, new)
        new[empty] = OTHER
        if np.array_equal(new, labels):
            break
        labels = new
        _update_centroids(cent, x, w, labels)
    sims = x @ _unit(cent).T
    scores = np.where(labels >= 0, sims[np.arange(n), np.maximum(labels, 0)], 0.0)
    far = (labels >= 0) & (forced < 0) & (scores < min_similarity)
    labels[far] = OTHER
    return Clustering(labels, scores.astype(np.float32), cent, plan)


def _update_centroids(cent: np.ndarray, x: np.ndarray, w: np.ndarray, labels: np.ndarray) -> None:
    """Weighted mean of each cluster's members in one sparse product (a loop over k is slow at 1M)."""
    valid = np.flatnonzero(labels >= 0)
    rows = labels[valid]
    member = sparse.csr_matrix((w[valid], (rows, valid)), shape=(len(cent), len(x)))
    sums = np.asarray(member @ x)
    totals = np.bincount(rows, weights=w[valid], minlength=len(cent))
    filled = totals > 0
    cent[filled] = (sums[filled] / totals[filled, None]).astype(cent.dtype)


def _unit(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms == 0, 1, norms)
