"""Words a run learns from the answers the codebook places: a local word for a barrier that the
codebook does not hold ("jitney", a shared minibus) places the answers that use it alone."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import ThemeOptions, find_themes
from analysis.codebook import RELATED
from analysis.learnt import MIN_ANSWERS, learnt_scores
from analysis.vectorize import tfidf_matrix

BUS = [
    "The bus and the jitney are late every morning, the trotro too",
    "No bus, and the jitney or the trotro is full when it comes",
    "I take the bus then a jitney, or a trotro, two hours to get there",
    "The jitney driver skips our street, the bus and the trotro too",
    "Bus fare went up and the jitney and trotro are not safe",
    "The bus stop is far and the jitney does not stop, nor the trotro",
    "By bus, by jitney or by trotro, all take too long to arrive",
    "The jitney broke down again, the trotro was full and the bus was late",
]
KIDS = [f"Nobody can watch my kids after school, {day}" for day in ("monday", "tuesday", "friday")] * 20
# No word of the codebook: two words the run learns from the answers above pin it.
ALONE = "The jitney and the trotro never show up here"


def _docs(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"a{i}" for i in range(len(texts))], "text": texts, "lang": "en"})


def test_words_of_one_category_s_answers_are_learnt_and_place_an_answer_that_holds_only_them() -> None:
    docs = _docs(BUS + KIDS + [ALONE])
    result = find_themes(docs, ThemeOptions(k="auto"))
    alone = result.assignments.set_index("id").loc[f"a{len(docs) - 1}", "theme_id"]
    assert alone == "transportation"
    # Placed, not coded by a word of the codebook: its one code is its primary theme, by similarity.
    codes = result.codes
    assert codes is not None
    mine = codes[codes["id"] == f"a{len(docs) - 1}"]
    assert list(mine["theme_id"]) == ["transportation"]
    assert not mine["evidence"].str.startswith("terms: ").any()


def test_too_few_answers_or_a_word_shared_by_categories_teaches_nothing() -> None:
    """Four pinned answers are under `MIN_ANSWERS`; a word as common in two categories' answers
    belongs to neither."""
    assert MIN_ANSWERS == 5
    content = [["bus", "jitney"]] * 4 + [["kid", "watch"]] * 6 + [["jitney"]]
    matrix, vocabulary = tfidf_matrix(content)
    pinned = np.array([0] * 4 + [1] * 6 + [-1])
    learnt = learnt_scores(matrix, pinned, np.ones(len(content), np.float32), 2).toarray()
    assert not learnt[-1].any()
    shared = [["bus", "late"]] * 5 + [["kid", "late"]] * 5 + [["late"]]
    matrix, vocabulary = tfidf_matrix(shared)
    pinned = np.array([0] * 5 + [1] * 5 + [-1])
    learnt = learnt_scores(matrix, pinned, np.ones(len(shared), np.float32), 2).toarray()
    assert not learnt[-1].any()
    # Five answers of one category, weighted by how many answers each distinct text is, teach it.
    weights = np.array([5.0] + [1.0] * 5 + [1.0], np.float32)
    five = [["bus", "jitney"]] + [["kid", "watch"]] * 5 + [["jitney"]]
    matrix, vocabulary = tfidf_matrix(five)
    pinned = np.array([0] + [1] * 5 + [-1])
    learnt = learnt_scores(matrix, pinned, weights, 2).toarray()
    assert learnt[-1].tolist() == [RELATED, 0.0]
