"""The codebook's word search reads stored stems, and finds exactly what the package's matcher
finds on the answer texts: before any run, after a run, and for answers added after the run."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.codebook import Codebook
from analysis.preprocess import normalize_lang, process, stems_of, stems_scheme
from surveyapp.models import AnswerStems, Survey
from surveyapp.services import answer_stems
from surveyapp.services import codebooks as service
from surveyapp.services.themes import documents

from ..fixtures.team import add_response, barriers, run_analysis

# Words in the codebook, a phrase of it, words it lacks, and a word no answer holds.
PROBES = [
    ("bus", "en"),
    ("bus pass", "en"),
    ("monthly", "en"),
    ("child care", "en"),
    ("work", "en"),
    ("zzyzx", "en"),
    ("autobús", "es"),
    ("trabajo", "es"),
    ("lejos", "es"),
    ("مواصلات", "ar"),
    ("gaadiid", "so"),
]


def _matcher(db: Session, survey: Survey, book: Codebook, term: str, lang: str) -> list[str]:
    """Every doc id the package's own matcher catches on the texts, as the search did before."""
    docs = documents(db, survey)
    mine = docs[docs["lang"].map(normalize_lang) == lang]
    hits = book.catches(term, lang, mine["text"].astype(str).tolist())
    return [str(mine.iloc[i]["id"]) for i in hits]


def _same_as_matcher(db: Session, survey: Survey) -> int:
    book = service.current(db, survey).codebook
    found = 0
    for term, lang in PROBES:
        expected = _matcher(db, survey, book, term, lang)
        count, shown = service.catches(db, survey, book, term, lang)
        db.commit()
        assert count == len(expected), (term, lang)
        assert [c.doc_id for c in shown] == expected[: service.SHOWN], (term, lang)
        found += count
    return found


def _stored(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(AnswerStems)) or 0


def test_the_search_finds_what_the_matcher_finds_before_and_after_a_run(demo: Session) -> None:
    survey = barriers(demo)
    assert _stored(demo) == 0
    found = _same_as_matcher(demo, survey)  # no run yet: the searches store the stems they make
    assert found > 20
    after_search = _stored(demo)
    assert after_search > 0
    run_analysis(demo)
    assert _stored(demo) >= after_search  # the run stores every analysed text (languages known)
    assert _same_as_matcher(demo, survey) == found

    # Answers given after the run are still found, and their stems stored at the first search.
    late = add_response(demo, {"consent": "yes", "hardest": "The night bus never comes to the farm"})
    spanish = add_response(
        demo, {"consent": "yes", "hardest": "No hay autobús de noche al trabajo"}, language="es"
    )
    before = _stored(demo)
    book = service.current(demo, survey).codebook
    _, shown = service.catches(demo, survey, book, "bus", "en")
    demo.commit()
    assert f"r:{late}:hardest" in {c.doc_id for c in shown} or len(shown) == service.SHOWN
    count, shown = service.catches(demo, survey, book, "autobús", "es")
    demo.commit()
    assert f"r:{spanish}:hardest" in {c.doc_id for c in shown} or count > service.SHOWN
    assert _stored(demo) == before + 2
    assert _same_as_matcher(demo, survey) >= found + 2  # both hold more than one probe word


def test_a_word_added_to_the_codebook_is_searched_as_the_next_run_would_match_it(demo: Session) -> None:
    survey = barriers(demo)
    pass_id = add_response(demo, {"consent": "yes", "hardest": "Nobody can pay the monthly bus pass here"})
    service.save(demo, survey, service.add_term("transportation", "en", "monthly bus", ["en"]), user=None)
    demo.commit()
    book = service.current(demo, survey).codebook
    _, shown = service.catches(demo, survey, book, "monthly bus", "en")
    assert f"r:{pass_id}:hardest" in {c.doc_id for c in shown}
    assert _same_as_matcher(demo, survey) > 0


def test_stems_of_another_preprocessing_are_not_read_and_the_next_run_removes_them(demo: Session) -> None:
    survey = barriers(demo)
    late = add_response(demo, {"consent": "yes", "hardest": "The bus is late"})
    text, lang = "The bus is late", "en"
    # A wrong row under another scheme: were it read, "bus" would not be found in this answer.
    demo.add(AnswerStems(digest=answer_stems.digest_of(text, lang), scheme="old", stems="the late"))
    demo.commit()
    book = service.current(demo, survey).codebook
    _, shown = service.catches(demo, survey, book, "bus", lang)
    demo.commit()
    assert f"r:{late}:hardest" in {c.doc_id for c in shown} or len(shown) == service.SHOWN
    stored = demo.scalars(
        select(AnswerStems.stems).where(AnswerStems.digest == answer_stems.digest_of(text, lang))
    ).all()
    assert sorted(stored) == sorted(["the late", " ".join(stems_of(text, lang))])
    run_analysis(demo)
    schemes = set(demo.scalars(select(AnswerStems.scheme).distinct()))
    assert schemes == {stems_scheme()}


def test_storing_the_same_new_texts_twice_keeps_one_row_each(demo: Session) -> None:
    texts = ["The clinic is far", "The clinic is far", "Rent is too high"]
    first = answer_stems.stems_for(demo, "en", texts)
    demo.commit()
    assert first == [stems_of(t, "en") for t in texts]
    assert answer_stems.store(demo, [(t, "en") for t in texts]) == 0
    assert answer_stems.store(demo, [("Rent is too high", "es"), ("x", None)]) == 1
    demo.commit()
    assert _stored(demo) == 3


def test_the_stems_do_not_depend_on_the_words_kept_from_the_stop_list(demo: Session) -> None:
    """Why stored stems may serve any codebook: `keep` only decides which stems are content."""
    survey = barriers(demo)
    book = service.current(demo, survey).codebook
    docs = documents(demo, survey)
    for text, raw in zip(docs["text"], docs["lang"], strict=True):
        lang = normalize_lang(raw)
        if lang is None:
            continue
        keep = book.keep_words(lang) | {"the", "is", "de", "la", "no"}
        assert process(text, lang, keep).stems == stems_of(text, lang)
