"""XLSForm out and back in: every form of the test suite, imported, exported and imported again, gives
the very same definition (so an admin can download a survey, edit it and upload it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from surveyapp.services.xlsform import parse_xlsform, read_xlsform, to_xlsx

from ..e2e.test_kiosk_answer_parts import parts_form
from ..public.test_choice_filter import cascade_form
from ..public.test_date_appearances import dates_form
from ..public.test_duplicate_names import repeated_names_form
from ..public.test_geo_types import geo_form
from ..public.test_groups_around_loops import group_around_loop_form
from ..public.test_loops import loop_form
from ..public.test_rank import rank_form
from ..public.test_select_appearances import appearance_form
from ..public.test_style_pages_loops import loop_pages_form

DEMO = Path(__file__).resolve().parents[2] / "surveyapp" / "demo" / "barriers.xlsx"


def _plain_labels(xlsform):  # type: ignore[no-untyped-def]
    """No language suffixes and no default_language: the workbook's own `label` column."""
    return xlsform(
        [
            {"type": "text", "name": "first", "label": "First", "hint": "A hint"},
            {
                "type": "select_multiple colours",
                "name": "colours",
                "label": "Colours",
                "required": "yes",
                "relevant": "${first} != ''",
            },
            {"type": "begin group", "name": "more", "label": "More"},
            {"type": "note", "name": "n", "label": "A note"},
            {
                "type": "date",
                "name": "when",
                "label": "When",
                "constraint": ". <= today()",
                "constraint_message": "Not in the future",
            },
            {"type": "end group", "name": ""},
        ],
        choices=[
            {"list_name": "colours", "name": "red", "label": "Red"},
            {"list_name": "colours", "name": "blue", "label": "Blue"},
            {"list_name": "unused", "name": "x", "label": "X"},
        ],
        settings={"form_title": "Plain", "form_id": "plain", "version": "7", "default_language": ""},
        name="plain.xlsx",
    )


def _duplicate_choices(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [{"type": "select_one dup", "name": "s", "label::en": "S", "label::es": "S es"}],
        choices=[
            {"list_name": "dup", "name": "x", "label::en": "X"},
            {"list_name": "dup", "name": "x", "label::en": "X again"},
        ],
        settings={"allow_choice_duplicates": "yes", "form_id": "dup"},
        name="dup.xlsx",
    )


def _with_warnings(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {
                "type": "integer",
                "name": "a",
                "label::en": "A",
                "label::ar": "أ",
                "appearance": "numbers",
                "instance::analysis": "",
            },
            {"type": "text", "name": "b", "label::en": "B", "instance::analysis": "themes"},
        ],
        settings={"form_id": "warned", "style": "theme-grid"},
        name="warned.xlsx",
    )


def _repeats(xlsform):  # type: ignore[no-untyped-def]
    """A roster with repeat_count, one without (its count a calculate pyxform adds), and a
    repeat with a relevant inside a group."""
    from ..public.test_repeats import RELATIONS, children_rows, roster_rows

    rows = [
        *roster_rows(),
        *children_rows(),
        {"type": "begin group", "name": "outer", "label::en": "Outer", "relevant": "${hh_size} > 1"},
        {
            "type": "begin repeat",
            "name": "pet",
            "label::en": "Pet",
            "repeat_count": "2",
            "relevant": "${members} > 0",
        },
        {"type": "text", "name": "pet_name", "label::en": "Pet's name"},
        {"type": "end repeat", "name": ""},
        {"type": "end group", "name": ""},
    ]
    return xlsform(rows, RELATIONS, name="repeats.xlsx")


FORMS = {
    "choice_filter": lambda request, xlsform: cascade_form(xlsform),
    "select_appearances": lambda request, xlsform: appearance_form(xlsform),
    "small_form": lambda request, xlsform: request.getfixturevalue("small_form"),
    "demo": lambda request, xlsform: DEMO,
    "plain_labels": lambda request, xlsform: _plain_labels(xlsform),
    "duplicate_choices": lambda request, xlsform: _duplicate_choices(xlsform),
    "with_warnings": lambda request, xlsform: _with_warnings(xlsform),
    "repeats": lambda request, xlsform: _repeats(xlsform),
    "repeated_names": lambda request, xlsform: repeated_names_form(xlsform),
    "geo_types": lambda request, xlsform: geo_form(xlsform),
    "rank": lambda request, xlsform: rank_form(xlsform),
    "date_appearances": lambda request, xlsform: dates_form(xlsform),
    "answers_in_parts": lambda request, xlsform: parts_form(xlsform),
    "loops": lambda request, xlsform: loop_form(xlsform),
    "loops_in_field_list_pages": lambda request, xlsform: loop_pages_form(xlsform),
    "group_around_a_loop": lambda request, xlsform: group_around_loop_form(xlsform),
    "group_around_a_loop_with_style_pages": lambda request, xlsform: group_around_loop_form(
        xlsform, pages=True
    ),
    "groups_around_a_loop": lambda request, xlsform: group_around_loop_form(xlsform, nested=True),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_import_export_import_gives_an_identical_definition(form, request, xlsform, tmp_path):
    path = FORMS[form](request, xlsform)
    first = parse_xlsform(path)
    exported = tmp_path / "exported.xlsx"
    exported.write_bytes(to_xlsx(first, first["id_string"]))
    parsed = read_xlsform(exported)
    assert parsed.definition == first
    assert parsed.warnings == []  # what the app writes, it reads


def test_the_demo_round_trips_through_the_database(app, db, tmp_path):
    from surveyapp.services.surveys import import_survey

    stored = import_survey(db, DEMO, slug="barriers").version.definition
    exported = tmp_path / "barriers.xlsx"
    exported.write_bytes(to_xlsx(stored, "barriers"))
    again = import_survey(db, exported, slug="barriers")
    assert not again.created  # the very same version: nothing new to store
