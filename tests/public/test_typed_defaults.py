"""A time or dateTime `default` typed as an author types it (`10:30`) is read, before its page is
posted, in the form the app stores for the same answer posted: a calculation or `${}` on an earlier
page gets what it would get once the person answers, and the download writes the default back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import read_xlsform, to_xlsx

from .respondent import Respondent

ROWS = [
    {"type": "begin group", "name": "one", "label::en": "One"},
    {"type": "text", "name": "who", "label::en": "Who?"},
    {"type": "calculate", "name": "start_copy", "calculation": "${start}"},
    {"type": "calculate", "name": "due_copy", "calculation": "${due}"},
    {"type": "end group"},
    {"type": "begin group", "name": "two", "label::en": "Two"},
    {"type": "time", "name": "start", "label::en": "Start?", "default": "10:30"},
    {"type": "dateTime", "name": "due", "label::en": "Due?", "default": "2024-05-31 14:30"},
    {"type": "note", "name": "said", "label::en": "Starts at ${start}"},
    {"type": "end group"},
]


def _answers(db) -> dict[str, dict[str, str]]:
    """Each response's answers, by the name it was started with."""
    db.expire_all()
    return {a["who"]: a for a in (r.answer_map() for r in db.scalars(select(Response)))}


def test_a_time_default_is_read_as_its_answer_before_its_page_is_posted(app, db, xlsform, channel_for):
    survey = import_survey(db, xlsform(ROWS)).survey
    db.commit()
    channel_for(survey.id)
    waiting = Respondent(app.test_client())
    waiting.open("/p/0")
    waiting.post({"who": "Ana"})  # the page of the time not posted yet
    answered = Respondent(app.test_client())
    answered.open("/p/0")
    answered.post({"who": "Ben"})
    answered.post({"start": "10:30", "due": "2024-05-31T14:30"})
    by_name = _answers(db)
    before, after = by_name["Ana"], by_name["Ben"]
    assert before["start"] == after["start"]
    assert before["start"].startswith("10:30:00.000")
    assert before["start_copy"] == after["start"]
    assert before["due"] == before["due_copy"] == after["due"]
    assert before["due"].startswith("2024-05-31T14:30:00.000")


@pytest.mark.parametrize("value", ["25:00", "half past ten"])
def test_a_time_default_that_is_no_time_starts_empty_with_a_warning(xlsform, value):
    rows = [{**row, "default": value} if row.get("name") == "start" else row for row in ROWS]
    parsed = read_xlsform(xlsform(rows))
    start = next(q for p in parsed.definition["pages"] for q in p["questions"] if q["name"] == "start")
    assert start["default"] is None
    assert any(value in str(w.message) for w in parsed.warnings)


def test_the_download_writes_the_default_as_typed(xlsform, tmp_path):
    parsed = read_xlsform(xlsform(ROWS))
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert read_xlsform(again).definition == parsed.definition


def test_a_date_typed_in_a_date_cell_is_its_day(tmp_path):
    """A spreadsheet's date cell reaches pyxform as `2024-05-01 00:00:00`: the default is that day,
    and the download writes back a date that re-imports the same."""
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "default"])
    survey.append(["date", "visit", "Visit day", datetime.datetime(2024, 5, 1)])
    path = tmp_path / "date_cell.xlsx"
    book.save(path)
    parsed = read_xlsform(path)
    assert parsed.warnings == []
    (visit,) = [q for page in parsed.definition["pages"] for q in page["questions"]]
    assert visit["default"] == "2024-05-01"
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, parsed.definition["id_string"]))
    assert read_xlsform(again).definition == parsed.definition
