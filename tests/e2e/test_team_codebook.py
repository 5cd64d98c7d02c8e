"""The analyst fills every codebook form in Chromium: adds a category and a word to it (a refused
word is answered at its field), searches the answers a word catches and makes a theme of it, removes
a word and reads the history; each page passes the accessibility audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Survey
from surveyapp.services import codebooks

from ..fixtures.browser import audit, sign_in

pytestmark = pytest.mark.browser


def test_analyst_adds_a_category_and_a_word(laptop, live_server, demo, db):  # type: ignore[no-untyped-def]
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")
    page.goto(f"{live_server}/team/themes")
    page.click("text=Codebook: categories and their words")
    page.wait_for_selector("form.codebook-add-category")
    audit(page, "team-codebook")

    form = page.locator("form.codebook-add-category")
    form.locator("select[name=kind]").select_option("barrier")
    form.locator("input[name=name_en]").fill("Parole")
    form.locator("input[name=name_es]").fill("Libertad condicional")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Saved as codebook version 1. The next analysis run uses it.")
    assert page.locator("h1").inner_text().startswith("Parole")

    word = page.locator("form.codebook-add-word")
    word.locator("select[name=lang]").select_option("en")
    word.locator("input[name=term]").fill("parole officer")
    word.locator("button[type=submit]").click()
    page.wait_for_selector("text=Saved as codebook version 2. The next analysis run uses it.")
    assert page.locator("form.codebook-remove bdi", has_text="parole officer").is_visible()

    # The same word again is refused at its field, and the page with the error passes the audit.
    word = page.locator("form.codebook-add-word")
    word.locator("select[name=lang]").select_option("en")
    word.locator("input[name=term]").fill("Parole officers")
    word.locator("button[type=submit]").click()
    page.wait_for_selector("#term-error")
    assert (
        "This word, or a form of it, is in this category already." in page.locator("#term-error").inner_text()
    )
    audit(page, "team-codebook-category-error")

    db.expire_all()
    survey = db.scalar(select(Survey).where(Survey.slug == "barriers"))
    book = codebooks.current(db, survey)
    assert book.number == 2
    category = book.codebook.category("team-parole")
    assert category is not None
    assert category.labels == {"en": "Parole", "es": "Libertad condicional"}
    assert category.terms == {"en": [("parole officer", 1.0)]}


def test_analyst_searches_makes_a_theme_of_it_and_removes_a_word(laptop, live_server, demo, db):  # type: ignore[no-untyped-def]
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")
    page.goto(f"{live_server}/team/codebook")
    search = page.locator("form[role=search]").last
    search.locator("input[name=q]").fill("class")
    search.locator("select[name=word_lang]").select_option("en")
    search.locator("button[type=submit]").click()
    page.wait_for_selector("form.codebook-make-theme")
    assert page.locator("ol.answers blockquote").count() > 0  # demo answers that say "class"
    audit(page, "team-codebook-search")
    theme = page.locator("form.codebook-make-theme")
    theme.locator("select[name=kind]").select_option("barrier")
    theme.locator("input[name=name_en]").fill("Classes")
    theme.locator("button[type=submit]").click()
    page.wait_for_selector("text=Saved as codebook version 1. The next analysis run uses it.")

    page.goto(f"{live_server}/team/codebook/categories/transportation")
    page.locator("form.codebook-remove input[value='en:bus']").check()
    page.locator("form.codebook-remove button[type=submit]").click()
    page.wait_for_selector("text=Saved as codebook version 2. The next analysis run uses it.")
    page.goto(f"{live_server}/team/codebook/history")
    page.wait_for_selector("text=Removed “bus” (en) from “Transportation”")
    audit(page, "team-codebook-history")

    db.expire_all()
    survey = db.scalar(select(Survey).where(Survey.slug == "barriers"))
    book = codebooks.current(db, survey).codebook
    assert book.category("team-classes").terms == {"en": [("class", 1.0)]}  # type: ignore[union-attr]
    assert "bus" not in [t for t, _ in book.category("transportation").terms["en"]]  # type: ignore[union-attr]


def test_a_theme_of_a_search_refused_for_its_name_keeps_the_search(laptop, live_server, demo, db):  # type: ignore[no-untyped-def]
    """Making a theme of a search without a name is answered on the search's page, which keeps the
    word, its answers and the kind chosen; named then, the theme holds the searched word."""
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")
    page.goto(f"{live_server}/team/codebook/search?q=class&word_lang=en")
    theme = page.locator("form.codebook-make-theme")
    theme.locator("select[name=kind]").select_option("asset")
    theme.locator("button[type=submit]").click()
    page.wait_for_selector("text=Please enter a name in at least one language.")
    assert page.locator("h1").inner_text() == "Which answers does a word catch?"
    assert page.locator("form[role=search] input[name=q]").input_value() == "class"
    assert page.locator("ol.answers blockquote").count() > 0
    theme = page.locator("form.codebook-make-theme")
    assert theme.locator("select[name=kind]").input_value() == "asset"
    audit(page, "team-codebook-make-theme-error")

    theme.locator("input[name=name_en]").fill("Classes")
    theme.locator("button[type=submit]").click()
    page.wait_for_selector("text=Saved as codebook version 1. The next analysis run uses it.")
    db.expire_all()
    survey = db.scalar(select(Survey).where(Survey.slug == "barriers"))
    category = codebooks.current(db, survey).codebook.category("team-classes")
    assert category is not None
    assert category.kind == "asset"
    assert category.terms == {"en": [("class", 1.0)]}


@pytest.mark.parametrize(("lang", "arrow"), [("en", "←"), ("ar", "→")])
def test_the_back_links_point_back_in_the_pages_direction(laptop, live_server, demo, lang, arrow):  # type: ignore[no-untyped-def]
    """Back to the codebook, the themes or the history: the arrow points the way the page's text
    comes from, to the left in English and to the right in Arabic, and is not read aloud."""
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")
    for path in [
        "/team/codebook",
        "/team/codebook/history",
        "/team/codebook/categories/transportation",
        "/team/codebook/search?q=bus&word_lang=en",
        "/team/themes/transportation/answers",
    ]:
        page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}")
        back = page.locator("main a.back").first
        assert back.locator("[aria-hidden=true]").inner_text() == arrow, path
        box, start = back.bounding_box(), page.locator("main h1").bounding_box()
        # The link sits at the start of the line, where the heading starts.
        edge = (lambda b: b["x"]) if lang == "en" else (lambda b: b["x"] + b["width"])
        assert abs(edge(box) - edge(start)) < 2, path


def test_searching_a_word_of_another_language_keeps_the_pages_language(laptop, live_server, demo):  # type: ignore[no-untyped-def]
    """The search's language is the word's, not the page's: an analyst reading in English who
    searches a Somali word (from the form or from a category's word) still reads English, there
    and on every later page."""
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")
    page.goto(f"{live_server}/team/codebook")
    search = page.locator("form[role=search]").last
    search.locator("input[name=q]").fill("lacag")
    search.locator("select").last.select_option("so")
    search.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Which answers does a word catch?"
    assert page.locator("form[role=search] select").last.input_value() == "so"
    assert page.locator("ol.answers blockquote[lang=so]").count() > 0  # Somali answers that say "lacag"

    page.goto(f"{live_server}/team/codebook/categories/cost")
    page.locator("a", has_text="see which answers it catches").filter(has_text="lacag").first.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(f"{live_server}/team/themes")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("Themes")
