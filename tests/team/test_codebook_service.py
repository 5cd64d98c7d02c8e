"""A survey's codebook with a history: each save a new whole version, every input checked, the
package reading a version back as a `--codebook` file, and matching that is the package's own."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.codebook import load_codebook
from surveyapp.models import CodebookVersion, User
from surveyapp.services import codebooks as service

from ..fixtures.team import add_response, barriers

LANGS = ["en", "es", "ar", "so"]


def _analyst(db: Session) -> User:
    user = db.scalar(select(User).where(User.email == "analyst@demo.test"))
    assert user is not None
    return user


def test_a_survey_starts_on_the_shipped_codebook_and_each_save_is_a_new_version(demo: Session) -> None:
    survey = barriers(demo)
    start = service.current(demo, survey)
    assert start.number == 0
    assert start.version is None
    assert start.codebook.category("transportation") is not None

    first, base = service.save(
        demo, survey, service.add_term("transportation", "en", "  tuk  tuk ", LANGS), user=_analyst(demo)
    )
    demo.commit()
    assert (first.number, base) == (1, 0)
    assert first.change == {
        "op": "add_term",
        "category": "transportation",
        "lang": "en",
        "terms": ["tuk tuk"],
    }
    assert first.created_by == "analyst@demo.test"

    second, _ = service.save(demo, survey, service.remove_terms("transportation", [("en", "bus")]), user=None)
    demo.commit()
    now = service.current(demo, survey)
    assert now.number == 2
    terms = [t for t, _w in now.codebook.category("transportation").terms["en"]]
    assert "tuk tuk" in terms
    assert "bus" not in terms
    # The first version is kept as it was: immutable history.
    old = service.version(demo, survey, 1)
    assert old is not None
    assert "bus" in old.codebook["categories"][0]["terms"]["en"]
    assert [v.number for v in service.history(demo, survey)] == [2, 1]


def test_a_new_category_gets_a_readable_id_names_per_language_and_its_first_word(demo: Session) -> None:
    survey = barriers(demo)
    change = service.add_category(
        "barrier",
        {"en": "Night shifts", "es": "Turnos de noche", "ar": "", "so": ""},
        LANGS,
        terms={"en": "night shift"},
    )
    row, _ = service.save(demo, survey, change, user=None)
    cat = service.current(demo, survey).codebook.category("team-night-shifts")
    assert cat is not None
    assert cat.labels == {"en": "Night shifts", "es": "Turnos de noche"}
    assert cat.terms == {"en": [("night shift", 1.0)]}
    assert cat.by_team  # a theme whenever an answer names it, however few do
    assert row.change["op"] == "add_category"
    # Only Arabic: the id cannot come from the name, it is numbered instead.
    service.save(demo, survey, service.add_category("asset", {"ar": "الطبخ"}, LANGS), user=None)
    assert service.current(demo, survey).codebook.category("team-category") is not None
    # Markup typed into a name stays in the name (shown escaped) and out of the id.
    service.save(
        demo, survey, service.add_category("barrier", {"en": "<b>Rent</b> &amp; deposits"}, LANGS), user=None
    )
    marked = service.current(demo, survey).codebook.category("team-rent-deposits")
    assert marked is not None
    assert marked.labels == {"en": "<b>Rent</b> &amp; deposits"}


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: service.add_term("transportation", "en", "   ", LANGS), "term_empty"),
        (lambda: service.add_term("transportation", "en", "x" * 81, LANGS), "term_too_long"),
        (lambda: service.add_term("transportation", "xx", "bus", LANGS), "language_unknown"),
        (lambda: service.add_term("transportation", "vi", "xe buýt", LANGS), "language_unknown"),
        (lambda: service.add_term("transportation", "en", "?!", LANGS), "term_unmatchable"),
        (lambda: service.add_category("problem", {"en": "X"}, LANGS), "kind_unknown"),
        (lambda: service.add_category("barrier", {"en": " ", "es": ""}, LANGS), "name_empty"),
        (lambda: service.add_category("barrier", {"en": "n" * 81}, LANGS), "name_too_long"),
        (lambda: service.remove_terms("transportation", []), "term_none_chosen"),
    ],
)
def test_input_that_cannot_be_saved_is_refused_with_its_reason(make, reason) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(service.CodebookProblem) as refused:
        make()
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (service.add_term("transportation", "en", "Buses", LANGS), "term_duplicate"),  # same stems as "buses"
        (service.add_term("no-such-category", "en", "bus", LANGS), "category_unknown"),
        (service.remove_terms("transportation", [("en", "no such word")]), "term_missing"),
        (service.add_category("barrier", {"en": "transportation"}, LANGS), "name_taken"),
    ],
)
def test_a_change_that_does_not_fit_the_newest_version_stores_nothing(demo: Session, change, reason) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(service.CodebookProblem) as refused:
        service.save(demo, barriers(demo), change, user=None)
    demo.rollback()
    assert refused.value.reason == reason
    assert demo.scalar(select(CodebookVersion.id)) is None


def test_a_version_read_back_as_a_codebook_file_replaces_the_shipped_codebook(demo: Session) -> None:
    survey = barriers(demo)
    row, _ = service.save(demo, survey, service.remove_terms("transportation", [("en", "bus")]), user=None)
    with service.codebook_file(row) as path:
        assert path is not None
        assert json.loads(path.read_text("utf-8"))["_meta"]["complete"] is True
        book = load_codebook(path)  # exactly what `--codebook FILE` does
    assert path.exists() is False  # the file is gone after the run
    assert ("bus", 1.0) not in book.category("transportation").terms["en"]
    assert len(book.categories) == len(load_codebook().categories)
    with service.codebook_file(None) as nothing:
        assert nothing is None


def test_which_answers_a_word_catches_is_the_runs_matching(demo: Session) -> None:
    survey = barriers(demo)
    pass_id = add_response(demo, {"consent": "yes", "hardest": "Nobody can pay the monthly bus pass here"})
    late_id = add_response(demo, {"consent": "yes", "hardest": "The BUS is late every morning"})
    spanish = add_response(demo, {"consent": "yes", "hardest": "El bus es caro"}, language="es")
    book = service.current(demo, survey).codebook
    count, shown = service.catches(demo, survey, book, "bus", "en")
    caught = {d.doc_id for d in shown}
    assert f"r:{late_id}:hardest" in caught  # case folded, as a run reads it
    # "bus pass" is a codebook phrase: a run counts the longer phrase, so "bus" does not catch it.
    assert f"r:{pass_id}:hardest" not in caught
    assert f"r:{spanish}:hardest" not in caught  # another language
    assert count == len(shown) or len(shown) == service.SHOWN
    assert all(d.lang == "en" for d in shown)
    _, passes = service.catches(demo, survey, book, "bus pass", "en")
    assert f"r:{pass_id}:hardest" in {d.doc_id for d in passes}
    # A word not in the codebook yet is matched as if it were added.
    _, pay = service.catches(demo, survey, book, "monthly", "en")
    assert {d.doc_id for d in pay} >= {f"r:{pass_id}:hardest"}
    assert service.catches(demo, survey, book, "zzyzx", "en") == (0, [])


def test_an_english_word_catches_the_english_in_arabic_and_nepali_answers(demo: Session) -> None:
    """A run counts the Latin-letter words of an Arabic or Nepali answer with the English terms,
    so the search for an English word shows those answers too."""
    survey = barriers(demo)
    arabic = add_response(demo, {"consent": "yes", "hardest": "ما بعرف اكتب CV لحالي"}, language="ar")
    nepali = add_response(demo, {"consent": "yes", "hardest": "मेरो work permit expire भइसक्यो"}, language="ne")
    spanish = add_response(demo, {"consent": "yes", "hardest": "No tengo work permit"}, language="es")
    book = service.current(demo, survey).codebook
    _, cv = service.catches(demo, survey, book, "cv", "en")
    assert (f"r:{arabic}:hardest", "ar") in {(d.doc_id, d.lang) for d in cv}
    _, permit = service.catches(demo, survey, book, "work permit", "en")
    caught = {d.doc_id for d in permit}
    assert f"r:{nepali}:hardest" in caught
    assert f"r:{spanish}:hardest" not in caught  # Latin-script languages are read as themselves
