"""The settings' `style` (Enketo's themes): `pages` pages as Enketo does (tests/services/
test_xlsform_paging.py), never warned about; `theme-grid` is a warning with its reason;
`theme-formhub` is a look over the same layout, accepted; any other word is a warning."""

from __future__ import annotations

import pytest

from surveyapp.services.xlsform import read_xlsform, to_xlsx

FIELD_LISTS = [
    {"type": "begin group", "name": "one", "label::en": "One", "appearance": "field-list"},
    {"type": "text", "name": "a", "label::en": "A"},
    {"type": "text", "name": "b", "label::en": "B"},
    {"type": "end group"},
    {"type": "calculate", "name": "c", "calculation": "1"},
    {"type": "text", "name": "d", "label::en": "D"},  # row 7
    {"type": "begin group", "name": "two", "label::en": "Two", "appearance": "field-list"},
    {"type": "text", "name": "e", "label::en": "E"},
    {"type": "end group"},
]
PLAIN_GROUP = [
    {"type": "begin group", "name": "one", "label::en": "One"},
    {"type": "text", "name": "a", "label::en": "A"},  # row 3
    {"type": "text", "name": "b", "label::en": "B"},  # row 4
    {"type": "end group"},
    {"type": "begin group", "name": "two", "label::en": "Two", "appearance": "field-list"},
    {"type": "text", "name": "e", "label::en": "E"},
    {"type": "text", "name": "f", "label::en": "F"},
    {"type": "end group"},
]


def _style_warnings(xlsform, survey, style):  # type: ignore[no-untyped-def]
    parsed = read_xlsform(xlsform(survey, settings={"style": style}))
    return [str(w.message) for w in parsed.warnings if (w.sheet, w.column) == ("settings", "style")]


@pytest.mark.parametrize("style", ["pages", "theme-formhub", "pages theme-formhub", "theme-plain"])
def test_styles_the_layout_already_is_are_accepted(xlsform, style):
    assert _style_warnings(xlsform, FIELD_LISTS, style) == []


def test_pages_splits_a_plain_group_without_a_warning(xlsform):
    assert _style_warnings(xlsform, PLAIN_GROUP, "pages") == []
    parsed = read_xlsform(xlsform(PLAIN_GROUP, settings={"style": "pages"}))
    assert [[q["name"] for q in p["questions"]] for p in parsed.definition["pages"]] == [
        ["a"],
        ["b"],
        ["e", "f"],
    ]


def test_the_grid_and_unknown_styles_are_warnings_with_their_reason(xlsform):
    warned = _style_warnings(xlsform, FIELD_LISTS, "pages theme-grid theme-sparkles")
    assert len(warned) == 2
    assert "theme-grid" in warned[0]
    assert "phones" in warned[0]
    assert "theme-sparkles" in warned[1]


def test_the_honoured_style_downloads_again(xlsform, tmp_path):
    parsed = read_xlsform(xlsform(FIELD_LISTS, settings={"style": "pages theme-grid"}))
    assert parsed.definition["style"] == "pages"  # what the app honours; the grid was a warning
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert read_xlsform(again).definition == parsed.definition
