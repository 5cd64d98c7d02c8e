"""Input that used to end in a 500: control characters in a sign-up, a time zone too long to be a file
name, a session edit posted without its prompts, and a control character that stopped the roster
spreadsheet from opening. Each now gets a clear answer; the session form renders real checkboxes."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from sqlalchemy import func, select

from surveyapp.models import FocusGroup, GroupNote, Partner, Signup
from surveyapp.services.groups import SignupData, sign_up
from surveyapp.services.spreadsheet import Table, to_csv, to_xlsx

from ..fixtures.staff import csrf_of
from .test_signup import sign_up as post_sign_up

UNSTORABLE = "This contains characters we cannot store. Please type it again."


FIELDS = ["name", "children_ages", "accessibility", "dietary", "phone"]


@pytest.mark.parametrize("field", FIELDS)
def test_a_character_outside_text_is_refused_in_the_persons_language(client, group, db, field):
    answer = post_sign_up(client, lang="en", **{field: "Ho\x85dan"})
    assert answer.status_code == 422
    assert UNSTORABLE in answer.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Signup)) == 0


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("character", ["\x00", "\x1b"])
def test_c0_control_characters_are_cleaned_at_the_edge(client, group, db, field, character):
    """The request guard drops them from every form value, as it does for survey answers."""
    value = "701-555-0142" if field == "phone" else "Hodan"
    answer = post_sign_up(client, lang="en", **{field: value[:2] + character + value[2:]})
    assert answer.status_code == 303
    signup = db.scalars(select(Signup)).one()
    assert character not in (getattr(signup, field) or "")


def test_tabs_and_line_breaks_in_needs_are_kept(client, group, db):
    assert post_sign_up(client, lang="en", accessibility="Ramp\r\nQuiet\troom").status_code == 303
    assert db.scalars(select(Signup)).one().accessibility == "Ramp\r\nQuiet\troom"


def session_form(sign_in, db, **changes):  # type: ignore[no-untyped-def]
    facilitator = sign_in("facilitator@demo.test")
    page = facilitator.get("/team/groups/new")
    host = db.scalar(select(Partner).where(Partner.slug == "st-marks"))
    data = {
        "csrf_token": csrf_of(page),
        "title-en": "T",
        "date": "2031-03-04",
        "starts": "17:30",
        "ends": "19:00",
        "timezone": "UTC",
        "host_partner_id": host.id,
        "languages": ["en"],
        "capacity": "10",
        "facilitator_id": 0,
        "scribe_id": 0,
        **changes,
    }
    return facilitator, data


@pytest.mark.parametrize("zone", ["A" * 300, "Europe/" + "x" * 260, "UTC\x00x", "../../etc/passwd", ""])
def test_a_time_zone_that_is_no_zone_is_explained(demo, sign_in, db, zone):
    facilitator, data = session_form(sign_in, db, timezone=zone)
    answer = facilitator.post("/team/groups/new", data=data)
    assert answer.status_code == 422
    assert "Not a time zone" in answer.get_data(as_text=True)
    titled_t = select(func.count()).select_from(FocusGroup).where(FocusGroup.title["en"].as_string() == "T")
    assert db.scalar(titled_t) == 0


def test_an_edit_posted_without_prompts_saves_no_prompts_instead_of_failing(demo, sign_in, db):
    group = db.scalar(select(FocusGroup).where(FocusGroup.token == "demo-group"))
    assert group.prompts
    facilitator, data = session_form(
        sign_in, db, host_partner_id=group.host_partner_id, facilitator_id=group.facilitator_id or 0
    )
    page = facilitator.get(f"/team/groups/{group.id}/edit")
    data["csrf_token"] = csrf_of(page)
    saved = facilitator.post(f"/team/groups/{group.id}/edit", data=data)
    assert saved.status_code == 303
    db.refresh(group)
    assert group.prompts == []


def test_the_session_form_offers_languages_and_provisions_as_labelled_checkboxes(demo, sign_in, db):
    facilitator = sign_in("facilitator@demo.test")
    group = db.scalar(select(FocusGroup).where(FocusGroup.token == "demo-group"))
    html = facilitator.get(f"/team/groups/{group.id}/edit").get_data(as_text=True)
    assert "<option" not in re.sub(r"<select.*?</select>", "", html, flags=re.S)
    boxes = re.findall(r'<label class="check"><input ([^>]*)> ([^<]+)</label>', html)
    languages = {
        re.search(r'value="([^"]+)"', attrs)[1]: ("checked" in attrs, label)
        for attrs, label in boxes
        if 'name="languages"' in attrs
    }
    provided = {
        re.search(r'value="([^"]+)"', attrs)[1]: ("checked" in attrs, label)
        for attrs, label in boxes
        if 'name="provided"' in attrs
    }
    assert all('type="checkbox"' in attrs and "required" not in attrs for attrs, _ in boxes)
    assert {code for code, (checked, _) in languages.items() if checked} == set(group.languages)
    assert languages["so"][1] == "Soomaali"
    assert {code for code, (checked, _) in provided.items() if checked} == set(group.provided)
    assert len(provided) == 6


def test_a_scribe_note_with_a_control_character_is_refused(demo, sign_in, db):
    group = db.scalar(select(FocusGroup).where(FocusGroup.token == "demo-group"))
    facilitator = sign_in("facilitator@demo.test")
    page = facilitator.get(f"/team/groups/{group.id}/notes")
    answer = facilitator.post(
        f"/team/groups/{group.id}/notes",
        data={"csrf_token": csrf_of(page), "prompt": "p1", "language": "en", "text": "Bus\x85late"},
    )
    assert answer.status_code == 422
    assert UNSTORABLE in answer.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(GroupNote)) == 0


def test_a_control_character_stored_earlier_never_breaks_an_export(demo, sign_in, db):
    group = db.scalar(select(FocusGroup).where(FocusGroup.token == "demo-group"))
    sign_up(
        db,
        group,
        SignupData(
            name="Ho\x01dan\x1b",
            contact_method="partner",
            language="en",
            dietary="=cmd\x02",
            consent_contact=True,
        ),
    )
    db.commit()
    facilitator = sign_in("facilitator@demo.test")
    exported = facilitator.get(f"/team/groups/{group.id}/roster.xlsx")
    assert exported.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(exported.data)).active
    cells = list(sheet.iter_rows())
    rows = [[cell.value for cell in row] for row in cells]
    person = next(i for i, row in enumerate(rows) if row[0] and str(row[0]).startswith("Ho"))
    assert rows[person][0] == "Ho\ufffddan\ufffd"
    dietary = cells[person][rows[0].index("dietary")]
    # The person's words as written, in a text cell that no spreadsheet runs.
    assert (dietary.value, dietary.data_type, dietary.quotePrefix) == ("=cmd\ufffd", "s", True)
    csv_text = facilitator.get(f"/team/groups/{group.id}/roster.csv").get_data(as_text=True)
    assert "Ho\ufffddan\ufffd" in csv_text
    assert "\x01" not in csv_text


@pytest.mark.parametrize("character", [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127, 0x9F)])
def test_every_control_character_is_cleaned_in_both_formats(character):
    table = Table(["h" + character], [[f"a{character}b", 1, None]])
    assert to_xlsx(table)[:2] == b"PK"
    assert character not in to_csv(table).decode("utf-8")
