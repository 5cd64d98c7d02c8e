"""English words typed into an answer in another script count with their English terms."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.codebook import load_codebook, terms_by_category
from analysis.prepare import prepare


def _prepared(lang: str, text: str) -> tuple[set[str], dict[str, list[str]]]:
    codebook = load_codebook()
    _, _, _, scores, terms = prepare([lang], [text], np.ones(1, np.float32), codebook, None)
    named = {codebook.ids[i] for i in np.flatnonzero(scores[0])}
    found = terms[0]
    assert found is not None
    return named, {codebook.ids[ci]: t for ci, t in terms_by_category(found).items()}


@pytest.mark.parametrize(
    ("lang", "text", "category", "term"),
    [
        ("ar", "ما عندي CV وما حدا بيتصل فيني", "job_applications", "cv"),
        ("ne", "मेरो work permit सकियो, नयाँ कार्ड आएको छैन", "documents_immigration", "work permit"),
    ],
)
def test_english_words_in_an_answer_in_another_script_count(
    lang: str, text: str, category: str, term: str
) -> None:
    named, evidence = _prepared(lang, text)
    assert category in named
    assert term in evidence[category]


def test_a_latin_script_answer_is_matched_in_its_own_language_only() -> None:
    """French is written in Latin letters: its words are not read as English ones."""
    named, _ = _prepared("fr", "trop de paperwork pour moi")
    assert "forms_paperwork" not in named
    named, _ = _prepared("en", "too much paperwork for me")
    assert "forms_paperwork" in named
