"""A group whose only content is a loop keeps its condition (and label) through the XLSForm download:
the loop's pages apply only where the groups around it do, before and after the round trip, with
and without `style pages`, and for groups within groups."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import parse_xlsform, to_xlsx

from .respondent import Respondent
from .test_loops import VEHICLES

LOOP = [
    {
        "type": "begin loop over vehicles",
        "name": "fleet",
        "label::en": "Vehicles",
        "label::es": "Vehículos",
        "relevant": "${who} != 'nobody'",
    },
    {
        "type": "integer",
        "name": "total",
        "label::en": "How many %(label)s?",
        "label::es": "¿Cuántos %(label)s?",
    },
    {"type": "end loop", "name": ""},
]


def _rows(nested: bool) -> list[dict[str, str]]:
    inner = LOOP
    if nested:
        inner = [
            {"type": "begin group", "name": "b", "label::en": "Bikes too", "relevant": "${bikes} = 'yes'"},
            *LOOP,
            {"type": "end group", "name": ""},
        ]
    return [
        {"type": "text", "name": "who", "label::en": "Who answers?", "label::es": "¿Quién?"},
        {"type": "text", "name": "owns", "label::en": "Own vehicles?", "label::es": "¿Vehículos?"},
        {"type": "text", "name": "bikes", "label::en": "Bikes?", "label::es": "¿Bicis?"},
        {
            "type": "begin group",
            "name": "a",
            "label::en": "Your vehicles",
            "label::es": "Sus vehículos",
            "relevant": "${owns} = 'yes'",
        },
        *inner,
        {"type": "end group", "name": ""},
        {"type": "text", "name": "after", "label::en": "Anything else?", "label::es": "¿Algo más?"},
    ]


def group_around_loop_form(xlsform, nested: bool = False, pages: bool = False):  # type: ignore[no-untyped-def]
    form_id = f"around{'_nested' if nested else ''}{'_pages' if pages else ''}"
    settings = {"form_id": form_id, **({"style": "pages"} if pages else {})}
    return xlsform(_rows(nested), VEHICLES, settings=settings, name=f"{form_id}.xlsx")


VARIANTS = {
    "group": {},
    "group_with_style_pages": {"pages": True},
    "group_in_group": {"nested": True},
    "group_in_group_with_style_pages": {"nested": True, "pages": True},
}


def _inputs(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'name="q_([^"]+)"', html)))


def _walk(client: Any, token: str, answers: dict[str, str]) -> list[tuple[str, list[str]]]:
    """Each page the respondent is shown (its place and inputs), answering from `answers`."""
    person = Respondent(client, token=token)
    html = person.open("/p/0?lang=en").get_data(as_text=True)
    seen = []
    for _step in range(20):
        inputs = _inputs(html)
        if not inputs:
            break
        place = re.search(r"Page \d+ of \d+", html)
        seen.append((place[0] if place else "", inputs))
        page = person.post({name: answers[name] for name in inputs if name in answers})
        assert page.status_code == 200
        html = page.get_data(as_text=True)
    assert person.submit().status_code == 200
    return seen


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_groups_condition_survives_the_download(variant, xlsform, tmp_path):
    first = parse_xlsform(group_around_loop_form(xlsform, **VARIANTS[variant]))
    loop_pages = [p for p in first["pages"] if p.get("loop")]
    assert loop_pages
    assert all("${owns} = 'yes'" in (p["relevant"] or "") for p in loop_pages)
    exported = tmp_path / "exported.xlsx"
    exported.write_bytes(to_xlsx(first, first["id_string"]))
    assert parse_xlsform(exported) == first


def _loop(name: str, body: list[dict[str, str]], relevant: str = "") -> list[dict[str, str]]:
    begin = {"type": "begin loop over vehicles", "name": name, "label::en": "Vehicles", "relevant": relevant}
    return [begin, *body, {"type": "end loop", "name": ""}]


def _group(name: str, relevant: str, body: list[dict[str, str]]) -> list[dict[str, str]]:
    begin = {"type": "begin group", "name": name, "label::en": name.title(), "relevant": relevant}
    return [begin, *body, {"type": "end group", "name": ""}]


TOTAL = {"type": "integer", "name": "total", "label::en": "How many %(label)s?"}
WHY = {"type": "text", "name": "why", "label::en": "Why?"}
# Groups whose conditions no page of their own keeps, each with a loop.
EDGES = {
    # A group within a loop holding only another loop.
    "group_in_a_loop_around_a_loop": _loop("outer", _group("g", "${who} = 'Ana'", _loop("inner", [TOTAL]))),
    # A group whose condition reads its loop's answers (`../total`), in the second of two loops.
    "second_loop_with_a_relative_group": [
        *_loop("first", [TOTAL]),
        *_loop("second", [TOTAL, *_group("g", "../total > 1", [WHY])]),
    ],
    # One group around two loops, the second with a condition of its own.
    "group_around_two_loops": _group(
        "a", "${who} != 'nobody'", [*_loop("f1", [TOTAL]), *_loop("f2", [TOTAL], "${who} = 'Ana'")]
    ),
    # Under `style pages`, a group around a field-list group (its page) with a loop.
    "group_around_a_field_list_page_of_a_loop": [
        *_group(
            "a",
            "${who} != 'nobody'",
            [
                {"type": "begin group", "name": "w", "label::en": "Fleet", "appearance": "field-list"},
                *_loop("f", [TOTAL]),
                {"type": "end group", "name": ""},
            ],
        ),
    ],
    # A group holding a group with a question, then a loop.
    "group_around_a_group_and_a_loop": _group(
        "a", "${who} != 'nobody'", [*_group("b", "${who} = 'Ana'", [WHY]), *_loop("f", [TOTAL])]
    ),
}


@pytest.mark.parametrize("edge", sorted(EDGES))
def test_groups_around_loops_keep_their_conditions(edge, xlsform, tmp_path):
    rows = [{"type": "text", "name": "who", "label::en": "Who answers?"}, *EDGES[edge]]
    settings = {"form_id": "edge", **({"style": "pages"} if "field_list" in edge else {})}
    first = parse_xlsform(xlsform(rows, VEHICLES, settings=settings, name="edge.xlsx"))
    exported = tmp_path / "exported.xlsx"
    exported.write_bytes(to_xlsx(first, first["id_string"]))
    assert parse_xlsform(exported) == first


def test_a_version_stored_before_the_groups_were_kept_still_downloads(xlsform, tmp_path):
    current = parse_xlsform(group_around_loop_form(xlsform, nested=True))
    stored = copy.deepcopy(current)
    for loop in stored["loops"].values():
        del loop["around"]  # as imported before: the groups around a loop were not kept
    exported = tmp_path / "exported.xlsx"
    exported.write_bytes(to_xlsx(stored, "old"))
    again = parse_xlsform(exported)
    assert [[q["name"] for q in p["questions"]] for p in again["pages"]] == [
        [q["name"] for q in p["questions"]] for p in current["pages"]
    ]


@pytest.mark.parametrize("owns", ["yes", "no"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_respondent_sees_the_same_pages_before_and_after(
    variant, owns, app, db, xlsform, channel_for, tmp_path
):
    path = group_around_loop_form(xlsform, **VARIANTS[variant])
    before = import_survey(db, path, slug="before").version
    exported = tmp_path / "exported.xlsx"
    exported.write_bytes(to_xlsx(before.definition, "after"))
    after = import_survey(db, exported, slug="after").version
    db.commit()
    channel_for(before.survey_id, token="t1")
    channel_for(after.survey_id, token="t2")
    prefix = "a/b/fleet" if VARIANTS[variant].get("nested") else "a/fleet"
    answers = {
        "who": "Ana",
        "owns": owns,
        "bikes": "yes",
        f"{prefix}/car/total": "2",
        f"{prefix}/bike/total": "1",
        "after": "no",
    }
    walks = [_walk(app.test_client(), token, answers) for token in ("t1", "t2")]
    assert walks[0] == walks[1]
    shown = {name for _place, inputs in walks[0] for name in inputs}
    assert (f"{prefix}/car/total" in shown) == (owns == "yes")  # the group's condition governs the loop
    stored = [r.answer_map() for r in db.scalars(select(Response).order_by(Response.id))]
    assert stored[0] == stored[1]
    assert (f"{prefix}/car/total" in stored[0]) == (owns == "yes")
