"""Clustering when many answers read alike: k-means is never asked for more clusters than there
are different answers (it warns, and a warning failed the whole run)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from analysis.cluster import ClusterPlan, choose_emergent, distinct_rows, seeded_kmeans

DATA = Path(__file__).parent / "data"


def _two_texts(n: int) -> np.ndarray:
    rows = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=np.float32)
    return rows[np.arange(n) % 2]


def test_distinct_rows_counts_answers_that_differ_up_to_the_count_asked() -> None:
    assert distinct_rows(_two_texts(40), 8) == 2
    assert distinct_rows(np.eye(5, dtype=np.float32), 8) == 5
    assert distinct_rows(np.eye(5, dtype=np.float32), 3) == 3
    assert distinct_rows(np.zeros((0, 3), dtype=np.float32), 8) == 0


def test_identical_rows_are_one_however_a_product_with_them_rounds() -> None:
    """Three LSA rows of the demo, two of them the same: a matrix product gave the two copies
    different last bits, and k-means was asked for a third cluster (the run failed)."""
    x = np.load(DATA / "identical_lsa_rows.npy")
    assert distinct_rows(x, 3) == 2
    plan = ClusterPlan(categories=[], n_emergent=3)
    seeded_kmeans(x, np.ones(3), pinned=np.full(3, -1), plan=plan, empty=np.zeros(3, bool), seed=0)
    assert plan.n_emergent == 2


def test_emergent_count_is_at_most_the_number_of_different_answers() -> None:
    x = _two_texts(40)
    k, values = choose_emergent(x, np.ones(40), seed=0, max_k=6)
    assert k <= 2
    assert set(values) <= {"2"}


def test_new_emergent_slots_are_cut_to_the_different_answers_free_for_them() -> None:
    x = _two_texts(30)
    n = len(x)
    plan = ClusterPlan(categories=[], n_emergent=3)
    result = seeded_kmeans(x, np.ones(n), pinned=np.full(n, -1), plan=plan, empty=np.zeros(n, bool), seed=0)
    assert plan.n_emergent == 2
    assert len(result.centroids) == 2
    assert set(result.labels.tolist()) == {0, 1}
