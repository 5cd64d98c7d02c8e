"""Pages of an imported form with the settings' `style pages` (services/xlsform_paging.py): as Enketo's
pages theme, each question outside a field-list group is a page of its own, a field-list group is
one page (a group within it still its own), a group without field-list splits into its questions, a
calculate joins the page before it, and a lone question's `relevant` is its page's; without `style
pages` every group is a page as before. The XLSForm written back reads into the same pages."""

from __future__ import annotations

import pytest

from surveyapp.services.xlsform import read_xlsform, to_xlsx

SURVEY = [
    {"type": "text", "name": "a", "label::en": "A"},
    {"type": "text", "name": "b", "label::en": "B", "relevant": "${a} != ''"},
    {"type": "begin group", "name": "one", "label::en": "One", "relevant": "${a} = 'x'"},
    {"type": "text", "name": "c", "label::en": "C"},
    {"type": "calculate", "name": "k", "calculation": "1"},
    {"type": "integer", "name": "d", "label::en": "D", "relevant": "${c} = 'y'"},
    {"type": "end group"},
    {"type": "begin group", "name": "two", "label::en": "Two", "appearance": "field-list"},
    {"type": "text", "name": "e", "label::en": "E"},
    {"type": "begin group", "name": "inner", "label::en": "Inner"},
    {"type": "text", "name": "f", "label::en": "F"},
    {"type": "end group"},
    {"type": "end group"},
    {"type": "note", "name": "g", "label::en": "G"},
]


def _pages(definition):  # type: ignore[no-untyped-def]
    return [(p["name"], [q["name"] for q in p["questions"]], p["relevant"]) for p in definition["pages"]]


def test_style_pages_pages_as_enketo(xlsform):
    parsed = read_xlsform(xlsform(SURVEY, settings={"style": "pages"}))
    assert _pages(parsed.definition) == [
        ("_a", ["a"], None),
        ("_b", ["b"], "${a} != ''"),
        ("one", ["c", "k"], "${a} = 'x'"),
        ("one", ["d"], "(${a} = 'x') and (${c} = 'y')"),
        ("two", ["e"], None),
        ("inner", ["f"], None),  # a group within a field-list one: its own page, as without style pages
        ("_g", ["g"], None),
    ]
    assert parsed.definition["pages"][3]["group_relevant"] == "${a} = 'x'"
    assert not [w for w in parsed.warnings if w.column == "style"]


def test_without_style_pages_every_group_is_a_page(xlsform):
    parsed = read_xlsform(xlsform(SURVEY))
    assert [names for _n, names, _r in _pages(parsed.definition)] == [
        ["a", "b"],
        ["c", "k", "d"],
        ["e"],
        ["f"],
        ["g"],
    ]


@pytest.mark.parametrize("style", ["pages", "theme-grid pages"])
def test_the_pages_download_and_read_again_alike(xlsform, tmp_path, style):
    parsed = read_xlsform(xlsform(SURVEY, settings={"style": style}))
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert read_xlsform(again).definition == parsed.definition


def test_a_repeats_questions_stay_on_its_page_and_are_said(xlsform):
    parsed = read_xlsform(
        xlsform(
            [
                {"type": "text", "name": "a", "label::en": "A"},
                {"type": "begin repeat", "name": "kid", "label::en": "Kid"},
                {"type": "text", "name": "n", "label::en": "Name"},
                {"type": "integer", "name": "age", "label::en": "Age"},
                {"type": "end repeat"},
            ],
            settings={"style": "pages"},
        )
    )
    assert [names for _n, names, _r in _pages(parsed.definition)] == [["a"], ["n", "age"]]
    warned = [str(w.message) for w in parsed.warnings if w.column == "style"]
    assert len(warned) == 1
    assert "(rows 4, 5)" in warned[0]
