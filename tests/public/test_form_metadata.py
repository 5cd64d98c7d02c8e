"""A form from Kobo's or ODK's builder, which adds `start`, `end` and other metadata to every form,
imports, is answered without those rows ever being asked, and exports them with what the server knows."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from surveyapp.models import Response, Survey
from surveyapp.services.exports import response_table
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import parse_xlsform, to_xlsx

from .respondent import Respondent

METADATA = [
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "phonenumber",
    "simserial",
    "subscriberid",
    "email",
    "audit",
]


def builder_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            *({"type": kind, "name": kind} for kind in METADATA),
            {"type": "text", "name": "hardest", "label::en": "What is hardest?", "required": "yes"},
        ]
    )


def test_metadata_rows_import_and_are_never_asked(app, db, xlsform, channel_for):
    definition = parse_xlsform(builder_form(xlsform))
    assert sorted(m["type"] for m in definition["metadata"]) == sorted(METADATA)
    assert [q["name"] for p in definition["pages"] for q in p["questions"]] == ["hardest"]
    survey = import_survey(db, builder_form(xlsform)).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    page = person.open("/p/0")
    assert 'name="q_start"' not in page.get_data(as_text=True)
    person.post({"hardest": "The bus"})
    person.submit()
    response = db.scalars(select(Response)).one()
    assert response.status == "complete"
    assert set(response.answer_map()) == {"hardest"}

    table = response_table(db, db.get(Survey, survey.id), timezone="America/Chicago")
    row = dict(zip(table.header, table.rows[0], strict=True))
    assert datetime.fromisoformat(row["start"]) == response.started_at
    assert datetime.fromisoformat(row["end"]) == response.completed_at
    # "Today" is the partners' day (TIMEZONE), not the server's UTC one.
    assert (
        date.fromisoformat(row["today"]) == response.started_at.astimezone(ZoneInfo("America/Chicago")).date()
    )
    # What a browser cannot tell is left empty, never made up.
    assert all(row[kind] == "" for kind in ("deviceid", "phonenumber", "simserial", "audit"))
    assert row["hardest"] == "The bus"


def test_metadata_survives_the_xlsform_round_trip(xlsform, tmp_path):
    definition = parse_xlsform(builder_form(xlsform))
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(definition, "test"))
    assert parse_xlsform(again)["metadata"] == definition["metadata"]
