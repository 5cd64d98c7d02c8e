"""The codebook pages: every form without JavaScript, with CSRF, a reason at the field for every
input that cannot be saved (never a 500), audit-logged saves, escaped answers, and the history."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import AuditEvent, CodebookVersion, ThemeAssignment, ThemeCode
from surveyapp.services import codebooks

from ..fixtures.staff import csrf_of
from ..fixtures.team import add_response, barriers, run_analysis

ERRORS = re.compile(r'class="error"[^>]*>([^<]*)<')


def _post(client: FlaskClient, path: str, form_page: str, **data: Any) -> Any:
    token = csrf_of(client.get(form_page))
    return client.post(path, data={"csrf_token": token, "survey": "barriers", "base": "0", **data})


def _errors(answer: Any) -> list[str]:
    return ERRORS.findall(answer.get_data(as_text=True))


def test_the_list_names_categories_in_the_readers_language_with_their_words(analyst: FlaskClient) -> None:
    themes = analyst.get("/team/themes").get_data(as_text=True)
    assert 'href="/team/codebook' in themes  # the themes page links to the codebook
    page = analyst.get("/team/codebook?lang=es").get_data(as_text=True)
    assert "Transporte" in page
    assert "Cuidado de niños" in page
    english = analyst.get("/team/codebook?lang=en").get_data(as_text=True)
    assert "Transportation" in english
    assert "<bdi>bus</bdi>" in english
    assert "autobús" in english
    # The list shows each language's first words and how many there are; the category's page all.
    assert "bus pass" not in english
    assert re.search(r"Words and phrases: \d{3}", english)
    assert "bus pass" in analyst.get("/team/codebook/categories/transportation").get_data(as_text=True)
    assert "The shipped codebook: no change saved for this survey yet." in english


def test_an_analyst_adds_a_category_and_a_word_and_removes_words(analyst: FlaskClient, demo: Session) -> None:
    added = _post(
        analyst,
        "/team/codebook/categories",
        "/team/codebook",
        kind="barrier",
        name_en="Night shifts",
        name_es="Turnos de noche",
    )
    assert added.status_code == 303
    assert added.headers["Location"].startswith("/team/codebook/categories/team-night-shifts")
    page = analyst.get(added.headers["Location"]).get_data(as_text=True)
    assert "Saved as codebook version 1. The next analysis run uses it." in page
    assert "Remove the chosen words" not in page  # no word to choose yet

    word = _post(
        analyst,
        "/team/codebook/categories/team-night-shifts/words",
        added.headers["Location"],
        base="1",
        lang="en",
        term="night shift",
    )
    assert word.status_code == 303
    page = analyst.get(word.headers["Location"]).get_data(as_text=True)
    assert "night shift" in page
    assert "version 2" in page
    assert "Remove the chosen words" in page

    removed = _post(
        analyst,
        "/team/codebook/categories/transportation/words/remove",
        "/team/codebook/categories/transportation",
        base="2",
        terms=["en:bus", "es:autobús"],
    )
    assert removed.status_code == 303
    book = codebooks.current(demo, barriers(demo)).codebook
    transport = book.category("transportation")
    assert transport is not None
    assert "bus" not in [t for t, _ in transport.terms["en"]]
    assert "autobús" not in [t for t, _ in transport.terms["es"]]
    assert book.category("team-night-shifts").terms == {"en": [("night shift", 1.0)]}  # type: ignore[union-attr]

    events = demo.scalars(
        select(AuditEvent).where(AuditEvent.action == "codebook.save").order_by(AuditEvent.id)
    ).all()
    assert [e.detail["version"] for e in events] == [1, 2, 3]
    assert events[0].actor == "analyst@demo.test"
    assert events[0].target == "survey:barriers"
    assert events[2].detail["change"]["terms"] == ["bus", "autobús"]

    history = analyst.get("/team/codebook/history").get_data(as_text=True)
    assert "Added the category “Night shifts” (Barrier)" in history
    assert "Added “night shift” (en) to “Night shifts”" in history
    assert "Removed “bus, autobús” (en, es) from “Transportation”" in history
    old = analyst.get("/team/codebook/versions/2").get_data(as_text=True)
    assert "Codebook version 2" in old
    assert "bus pass" in old
    file = analyst.get("/team/codebook/versions/2.json")
    assert file.status_code == 200
    assert file.json["_meta"]["complete"] is True
    assert "bus" in next(c for c in file.json["categories"] if c["id"] == "transportation")["terms"]["en"]
    assert analyst.get("/team/codebook/versions/9").status_code == 404
    assert analyst.get("/team/codebook/versions/9.json").status_code == 404


@pytest.mark.parametrize(
    ("path", "page", "data", "message"),
    [
        (
            "/team/codebook/categories",
            "/team/codebook",
            {"kind": "barrier", "name_en": "  "},
            "Please enter a name in at least one language.",
        ),
        (
            "/team/codebook/categories",
            "/team/codebook",
            {"kind": "problem", "name_en": "X"},
            "Please choose barrier or strength.",
        ),
        (
            "/team/codebook/categories",
            "/team/codebook",
            {"kind": "barrier", "name_en": "x" * 81},
            "Please keep each name under 80 characters.",
        ),
        (
            "/team/codebook/categories",
            "/team/codebook",
            {"kind": "asset", "name_en": "Transportation"},
            "A category of this name exists already.",
        ),
        (
            "/team/codebook/categories/transportation/words",
            "/team/codebook/categories/transportation",
            {"lang": "en", "term": "Buses"},
            "This word, or a form of it, is in this category already.",
        ),
        (
            "/team/codebook/categories/transportation/words",
            "/team/codebook/categories/transportation",
            {"lang": "en", "term": "w" * 81},
            "Please keep the word or phrase under 80 characters.",
        ),
        (
            "/team/codebook/categories/transportation/words",
            "/team/codebook/categories/transportation",
            {"lang": "xx", "term": "bus"},
            "Please choose one of the survey’s languages.",
        ),
        (
            "/team/codebook/categories/transportation/words",
            "/team/codebook/categories/transportation",
            {"lang": "en", "term": ""},
            "Please enter a word or phrase.",
        ),
        (
            "/team/codebook/categories/transportation/words",
            "/team/codebook/categories/transportation",
            {"lang": "en", "term": "?!"},
            "This holds no word the analysis can match: please enter a word.",
        ),
        (
            "/team/codebook/categories/transportation/words/remove",
            "/team/codebook/categories/transportation",
            {},
            "Please choose the words to remove.",
        ),
        (
            "/team/codebook/categories/transportation/words/remove",
            "/team/codebook/categories/transportation",
            {"terms": "en:no such word"},
            "A chosen word is no longer in this category (someone may have removed it).",
        ),
        (
            "/team/codebook/categories/nothing-here/words",
            "/team/codebook/categories/transportation",
            {"lang": "en", "term": "bus"},
            "This category is not in the codebook.",
        ),
        (
            "/team/codebook/themes",
            "/team/codebook",
            {"kind": "barrier", "name_en": "Ramps", "q": "", "lang": "en"},
            "Please enter a word or phrase.",
        ),
    ],
)
def test_each_input_that_cannot_be_saved_is_answered_at_its_field(
    analyst: FlaskClient, demo: Session, path: str, page: str, data: dict[str, str], message: str
) -> None:
    answer = _post(analyst, path, page, **data)
    assert answer.status_code in (404, 422)
    if answer.status_code == 422:
        assert message in _errors(answer)
    assert demo.scalar(select(CodebookVersion.id)) is None


def test_a_category_form_answers_every_problem_at_once(analyst: FlaskClient) -> None:
    answer = _post(analyst, "/team/codebook/categories", "/team/codebook", kind="", name_en="")
    assert answer.status_code == 422
    assert set(_errors(answer)) == {
        "Please choose barrier or strength.",
        "Please enter a name in at least one language.",
    }
    assert 'aria-invalid="true"' in answer.get_data(as_text=True)


def test_a_form_without_its_csrf_token_or_of_another_survey_is_refused(
    analyst: FlaskClient, demo: Session
) -> None:
    no_token = analyst.post(
        "/team/codebook/categories", data={"survey": "barriers", "kind": "barrier", "name_en": "X"}
    )
    assert no_token.status_code == 400
    other = _post(
        analyst, "/team/codebook/categories", "/team/codebook", survey="another", kind="barrier", name_en="X"
    )
    assert other.status_code == 422
    assert "This form belongs to another survey: please reload the page." in _errors(other)
    assert demo.scalar(select(CodebookVersion.id)) is None


def test_searching_lists_the_answers_a_word_catches_escaped_and_makes_a_theme(
    analyst: FlaskClient, demo: Session
) -> None:
    hostile = add_response(
        demo, {"consent": "yes", "hardest": '<script>alert("x")</script> the wheelchair ramp has no handrail'}
    )
    page = analyst.get("/team/codebook/search?q=handrail&word_lang=en").get_data(as_text=True)
    assert "&lt;script&gt;alert" in page
    assert "<script>alert" not in page
    # One answer: the one rule hides its count, and the page states no number above the listed answer.
    assert "Answers that catch “handrail”:" in page
    assert not re.search(r"\d+ answers? catch", page)
    assert "Make a theme of this search" in page
    # A word of the codebook says where it is, and is not offered as a new theme.
    known = analyst.get("/team/codebook/search?q=wheelchair&word_lang=en").get_data(as_text=True)
    assert "In the codebook under:" in known
    assert "Make a theme of this search" not in known
    bad = analyst.get("/team/codebook/search?q=handrail&word_lang=xx")
    assert bad.status_code == 422
    assert "Please choose one of the survey’s languages." in _errors(bad)

    made = _post(
        analyst,
        "/team/codebook/themes",
        "/team/codebook/search?q=handrail&word_lang=en",
        kind="barrier",
        name_en="Handrails",
        q="handrail",
        lang="en",
    )
    assert made.status_code == 303
    category = codebooks.current(demo, barriers(demo)).codebook.category("team-handrails")
    assert category is not None
    assert category.terms == {"en": [("handrail", 1.0)]}
    history = analyst.get("/team/codebook/history").get_data(as_text=True)
    assert "with “handrail” (en)" in history  # the word the theme was made from
    # The next run makes it a theme, though the one answer it catches names disability first.
    run = run_analysis(demo)
    assert "team-handrails" in {t["id"] for t in run.result["themes"]}
    codes = demo.execute(
        select(ThemeAssignment.theme_id, ThemeCode.theme_id)
        .join(ThemeCode, ThemeCode.assignment_id == ThemeAssignment.id)
        .where(ThemeAssignment.run_id == run.id, ThemeAssignment.response_id == hostile)
    ).all()
    assert ("disability", "team-handrails") in codes


def test_a_word_form_answers_every_problem_at_once(analyst: FlaskClient) -> None:
    page = "/team/codebook/categories/transportation"
    answer = _post(analyst, f"{page}/words", page, lang="xx", term="")
    assert answer.status_code == 422
    assert set(_errors(answer)) == {
        "Please choose one of the survey’s languages.",
        "Please enter a word or phrase.",
    }
