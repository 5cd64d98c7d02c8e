"""Pages of an imported form with the settings' `style pages` (services/xlsform_paging.py): as Enketo's
pages theme, each question outside a field-list group is a page of its own (in a repeat too), a
field-list group is one page with the groups within it (their conditions on their questions), a
group without field-list splits into its questions, a calculate joins the page before it, and a
lone question's `relevant` is its page's; without `style pages` every group is a page as before.
The XLSForm written back reads into the same pages."""

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
        ("two", ["e", "f"], None),  # a group within a field-list one is on its page, as in Enketo
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


REPEATS = [
    {"type": "text", "name": "a", "label::en": "A"},
    {"type": "begin repeat", "name": "kid", "label::en": "Kid", "repeat_count": "2"},
    {"type": "text", "name": "n", "label::en": "Name"},
    {"type": "integer", "name": "age", "label::en": "Age", "relevant": "${n} != ''"},
    {"type": "begin group", "name": "school", "label::en": "School", "appearance": "field-list"},
    {"type": "text", "name": "s", "label::en": "School's name"},
    {"type": "text", "name": "y", "label::en": "Year"},
    {"type": "end group"},
    {"type": "end repeat"},
    {"type": "begin repeat", "name": "pet", "label::en": "Pet", "appearance": "field-list"},
    {"type": "text", "name": "p", "label::en": "Pet's name"},
    {"type": "text", "name": "kind", "label::en": "Kind"},
    {"type": "end repeat"},
    {"type": "begin group", "name": "home", "label::en": "Home", "appearance": "field-list"},
    {"type": "text", "name": "town", "label::en": "Town"},
    {"type": "begin repeat", "name": "room", "label::en": "Room"},
    {"type": "text", "name": "r", "label::en": "Room"},
    {"type": "text", "name": "size", "label::en": "Size"},
    {"type": "end repeat"},
    {"type": "end group"},
]


def test_a_repeats_questions_are_pages_of_their_own(xlsform):
    parsed = read_xlsform(xlsform(REPEATS, settings={"style": "pages"}))
    assert [
        (page.get("repeat"), [q["name"] for q in page["questions"]], page["relevant"])
        for page in parsed.definition["pages"]
    ] == [
        (None, ["a"], None),
        ("kid", ["n"], None),
        ("kid", ["age"], "${n} != ''"),  # a lone question's condition is its page's, per instance
        ("kid", ["s", "y"], None),  # a field-list group within a repeat: one page
        ("pet", ["p", "kind"], None),  # a field-list repeat: each instance one page
        (None, ["town"], None),
        ("room", ["r", "size"], None),  # a repeat within a field-list group: each instance one page
    ]
    (warned,) = [str(w.message) for w in parsed.warnings if w.column == "style"]
    assert "a repeat within a field-list group" in warned  # Enketo shows it on the group's page
    assert "ODK Collect asks a repeat's instances one screen at a time" in warned  # and why not here
    assert "(rows 17)" in warned


def test_repeats_outside_field_lists_are_paged_without_a_warning(xlsform):
    parsed = read_xlsform(xlsform(REPEATS[:13], settings={"style": "pages"}))
    assert not [w for w in parsed.warnings if w.column == "style"]


def test_without_style_pages_a_repeats_questions_share_its_page(xlsform):
    parsed = read_xlsform(xlsform(REPEATS))
    assert [[q["name"] for q in p["questions"]] for p in parsed.definition["pages"]][1:3] == [
        ["n", "age"],
        ["s", "y"],
    ]
    assert "field_list" not in parsed.definition["repeats"]["pet"]


NESTED = [
    {"type": "begin group", "name": "home", "label::en": "Home", "appearance": "field-list"},
    {"type": "text", "name": "town", "label::en": "Town"},
    {"type": "begin group", "name": "kids", "label::en": "Children", "relevant": "${town} != ''"},
    {"type": "integer", "name": "boys", "label::en": "Boys"},
    {"type": "begin group", "name": "girls_group", "label::en": "Girls"},
    {"type": "integer", "name": "girls", "label::en": "Girls", "relevant": "${boys} > 0"},
    {"type": "end group"},
    {"type": "end group"},
    {"type": "text", "name": "street", "label::en": "Street"},
    {"type": "end group"},
]


def test_a_group_within_a_field_list_is_on_its_page_where_it_applies(xlsform):
    parsed = read_xlsform(xlsform(NESTED, settings={"style": "pages"}))
    (page,) = parsed.definition["pages"]
    assert page["groups"] == [
        {"name": "kids", "label": {"en": "Children"}, "relevant": "${town} != ''"},
        {"name": "girls_group", "label": {"en": "Girls"}, "relevant": None},
    ]
    questions = {q["name"]: q for q in page["questions"]}
    assert list(questions) == ["town", "boys", "girls", "street"]
    assert questions["boys"]["relevant"] == "${town} != ''"
    assert questions["girls"]["relevant"] == "(${town} != '') and (${boys} > 0)"
    assert questions["girls"]["own_relevant"] == "${boys} > 0"
    assert questions["girls"]["within"] == [0, 1]
    assert "within" not in questions["street"]


@pytest.mark.parametrize("survey", [REPEATS, NESTED], ids=["repeats", "nested"])
def test_repeats_and_nested_groups_download_and_read_again_alike(xlsform, tmp_path, survey):
    parsed = read_xlsform(xlsform(survey, settings={"style": "pages"}))
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert read_xlsform(again).definition == parsed.definition


def test_each_nested_groups_label_is_shown_over_its_first_question(xlsform):
    from surveyapp.survey.definition import FormDefinition

    form = FormDefinition.from_json(read_xlsform(xlsform(NESTED, settings={"style": "pages"})).definition)
    shown = {q.name: q.heading.get("en") if q.heading else None for q in form.pages[0].questions}
    assert shown == {"town": None, "boys": "Children", "girls": "Girls", "street": None}
    assert "Girls" in [t.get("en") for t in form.translatable_texts()]


def test_a_loop_within_a_field_list_is_on_its_page_and_reads_again_alike(xlsform, tmp_path):
    from ..public.test_loops import VEHICLES, loop_rows

    rows = [
        {"type": "begin group", "name": "w", "label::en": "W", "appearance": "field-list"},
        *loop_rows(),
        {"type": "end group"},
    ]
    parsed = read_xlsform(xlsform(rows, VEHICLES, settings={"style": "pages"}))
    (page,) = parsed.definition["pages"]  # Enketo shows the loop's groups on the field-list's page
    assert [g["name"] for g in page["groups"]] == ["fleet", "car", "bike"]
    questions = {q["name"]: q for q in page["questions"]}
    assert list(questions) == [
        "who",
        "w/fleet/car/total",
        "w/fleet/car/working",
        "w/fleet/bike/total",
        "w/fleet/bike/working",
        "after",
    ]
    assert questions["w/fleet/bike/working"]["within"] == [0, 2]
    assert questions["w/fleet/bike/working"]["relevant"] == "${who} != 'nobody'"  # the loop's
    assert questions["w/fleet/bike/working"]["constraint"] == ". <= ${w/fleet/bike/total}"
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert read_xlsform(again).definition == parsed.definition


def test_a_field_list_page_within_one_skipped_loop_applies_where_it_does(xlsform, tmp_path):
    from ..public.test_loops import VEHICLES

    rows = [
        {"type": "text", "name": "has", "label::en": "Vehicles?"},
        {
            "type": "begin group",
            "name": "w",
            "label::en": "W",
            "appearance": "field-list",
            "relevant": "${has} != 'x'",
        },
        {"type": "begin loop over vehicles", "name": "fleet", "label::en": "V", "relevant": "${has} = 'yes'"},
        {"type": "integer", "name": "total", "label::en": "Total %(label)s"},
        {"type": "end loop"},
        {"type": "end group"},
    ]
    parsed = read_xlsform(xlsform(rows, VEHICLES, settings={"style": "pages"}))
    page = parsed.definition["pages"][1]
    # Enketo skips a page whose questions are all hidden: so does the app, and "Page 2 of 6" with it.
    assert page["relevant"] == "(${has} != 'x') and (${has} = 'yes')"
    assert page["group_relevant"] == "${has} != 'x'"
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert read_xlsform(again).definition == parsed.definition
