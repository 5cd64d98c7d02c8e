"""File questions inside a repeat, walked without JavaScript: each instance keeps its own file under
its key (`member[2]/photo`); removing an instance moves the later instances' files down with their
answers, in the database's one file per key; a removed instance and one a lower count drops take
their files; review, staff download and exports have them per instance."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from surveyapp.models import AnswerFile, Response
from surveyapp.services import answer_files
from surveyapp.services.exports import response_table
from surveyapp.services.surveys import definition_of, import_survey
from surveyapp.services.users import create_user

from ..fixtures.staff import PASSWORD
from .respondent import Respondent

MEMBER = [
    {"type": "begin repeat", "name": "member", "label::en": "Household member"},
    {"type": "text", "name": "name", "label::en": "Name"},
    {"type": "image", "name": "photo", "label::en": "A photo of ${name}"},
    {"type": "end repeat", "name": ""},
    {"type": "text", "name": "after", "label::en": "Anything else?"},
]


def picture(width: int) -> io.BytesIO:
    """A PNG told apart from the others by its width."""
    out = io.BytesIO()
    Image.new("RGB", (width, 10), (width % 256, 80, 160)).save(out, "PNG")
    out.seek(0)
    return out


def files(db) -> dict[str, AnswerFile]:  # type: ignore[no-untyped-def]
    db.expire_all()
    return {f.question: f for f in db.scalars(select(AnswerFile))}


def widths(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {key: Image.open(io.BytesIO(f.data)).size[0] for key, f in files(db).items()}


def answers(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    db.expire_all()
    return db.scalars(select(Response)).one().answer_map()


@pytest.fixture
def household(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, xlsform(MEMBER)).survey
    db.commit()
    channel_for(survey.id)
    return survey


def three_members(person: Respondent) -> None:
    person.open()
    for index, (name, width) in enumerate((("Ana", 11), ("Ben", 22), ("Cy", 33)), start=1):
        page = person.post(
            {f"member[{index}]/name": name, f"member[{index}]/photo": (picture(width), "p.png")}
        )
        assert page.status_code == 200
        if index < 3:
            person.post(action="add")


def test_removing_an_instance_moves_the_later_files_down(app, db, household):  # type: ignore[no-untyped-def]
    person = Respondent(app.test_client())
    three_members(person)
    assert widths(db) == {"member[1]/photo": 11, "member[2]/photo": 22, "member[3]/photo": 33}
    third = files(db)["member[3]/photo"]
    third_name, third_sha = third.file_name, third.sha256
    second_name = files(db)["member[2]/photo"].file_name
    person.open("/p/1")
    assert f"File sent: {second_name}" in person.text()
    page = person.post({"member[2]/name": "Ben"}, action="remove")
    # The third moved to second place, its file with it: the page shows it.
    assert 'value="Cy"' in page.get_data(as_text=True)
    assert f"File sent: {third_name}" in page.get_data(as_text=True)
    kept = files(db)
    assert set(kept) == {"member[1]/photo", "member[2]/photo"}
    assert (kept["member[2]/photo"].file_name, kept["member[2]/photo"].sha256) == (third_name, third_sha)
    assert db.scalar(select(AnswerFile).where(AnswerFile.file_name == second_name)) is None
    stored = answers(db)
    assert stored["member[2]/photo"] == third_name
    assert "member[3]/photo" not in stored
    # One more, then removing the first moves both later ones, each onto the key the other leaves.
    person.open("/p/2")  # the prompt after the second
    person.post(action="add")
    person.post({"member[3]/name": "Dee", "member[3]/photo": (picture(44), "d.png")})
    person.open("/p/0")
    person.post({"member[1]/name": "Ana"}, action="remove")
    assert widths(db) == {"member[1]/photo": 33, "member[2]/photo": 44}
    assert files(db)["member[1]/photo"].file_name == third_name
    assert answers(db)["member[2]/name"] == "Dee"


def test_files_trading_keys_keep_one_file_per_key(app, db, household):  # type: ignore[no-untyped-def]
    """Two files swapping keys in one write: no row is ever given a key another row still holds."""
    person = Respondent(app.test_client())
    three_members(person)
    response = db.scalars(select(Response)).one()
    stored = response.answer_map()
    swapped = {
        **stored,
        "member[1]/photo": stored["member[2]/photo"],
        "member[2]/photo": stored["member[1]/photo"],
    }
    answer_files.sync(db, response.id, definition_of(household.current_version), swapped, {})
    db.commit()
    assert widths(db) == {"member[1]/photo": 22, "member[2]/photo": 11, "member[3]/photo": 33}


def test_each_instance_keeps_its_file_to_the_review_the_export_and_the_download(  # type: ignore[no-untyped-def]
    app, db, household, sign_in
):
    person = Respondent(app.test_client())
    three_members(person)
    person.post(action="next")  # No more
    page = person.post({"after": "no"})
    review = page.get_data(as_text=True)
    kept = files(db)
    for index in (1, 2, 3):
        assert f"Household member {index}" in review
        assert kept[f"member[{index}]/photo"].file_name in review
    assert review.index("Household member 2") < review.index(kept["member[2]/photo"].file_name)
    assert review.index(kept["member[2]/photo"].file_name) < review.index("Household member 3")
    person.submit()
    assert "Thank you" in person.text()
    assert widths(db) == {"member[1]/photo": 11, "member[2]/photo": 22, "member[3]/photo": 33}
    table = response_table(db, household)
    assert [h for h in table.header if h.endswith("/photo")] == [
        "member[1]/photo",
        "member[2]/photo",
        "member[3]/photo",
    ]
    row = dict(zip(table.header, table.rows[0], strict=True))
    for index in (1, 2, 3):
        assert row[f"member[{index}]/photo"] == kept[f"member[{index}]/photo"].file_name
    create_user(db, "analyst@x.test", "analyst", PASSWORD)
    db.commit()
    staff = sign_in("analyst@x.test")
    second = kept["member[2]/photo"]
    got = staff.get(f"/team/responses/{second.response_id}/files/{second.file_name}")
    assert got.status_code == 200
    assert got.data == second.data
    assert got.headers["Content-Disposition"] == f'attachment; filename="{second.file_name}"'


def test_a_lower_count_drops_the_files_of_the_dropped_instances(app, db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    counted = [
        {"type": "integer", "name": "hh_size", "label::en": "How many?"},
        {**MEMBER[0], "repeat_count": "${hh_size}"},
        *MEMBER[1:],
    ]
    survey = import_survey(db, xlsform(counted)).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open()
    person.post({"hh_size": "2"})
    person.post({"member[1]/name": "Ana", "member[1]/photo": (picture(11), "a.png")})
    person.post({"member[2]/name": "Ben", "member[2]/photo": (picture(22), "b.png")})
    dropped = files(db)["member[2]/photo"].file_name
    person.open("/p/0")
    person.post({"hh_size": "1"})
    person.open("/review")
    assert dropped not in person.text()
    person.submit()
    assert "Thank you" in person.text()
    assert widths(db) == {"member[1]/photo": 11}
    assert "member[2]/photo" not in answers(db)
