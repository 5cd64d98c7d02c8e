"""Admins and analysts download a response's files, always as an attachment that is never sniffed
or shown inline, each download audit-logged; other roles are refused; the export keeps the file's
name in the answer's column."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from surveyapp.models import AnswerFile, AuditEvent, Response, Survey
from surveyapp.services.exports import response_table
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from ..fixtures.staff import PASSWORD
from ..public.respondent import Respondent

PAGE = b"<html><script>alert(1)</script></html>"


@pytest.fixture
def answered(app, db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(
        db,
        xlsform(
            [
                {"type": "file", "name": "doc", "label::en": "A file"},
                {"type": "text", "name": "why", "label::en": "Why?"},
            ]
        ),
    ).survey
    db.commit()
    channel_for(survey.id)
    for role in ("admin", "analyst", "liaison"):
        create_user(
            db, f"{role}@x.test", role, PASSWORD, **({"partner_slug": "p"} if role == "liaison" else {})
        )
    db.commit()
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"doc": (io.BytesIO(PAGE), "page.html"), "why": "=1+2"})
    person.submit()
    return db.scalars(select(AnswerFile)).one()


def test_admins_and_analysts_download_files_as_attachments(db, sign_in, answered):  # type: ignore[no-untyped-def]
    assert answered.content_type == "text/plain"  # read from the bytes, never text/html
    url = f"/team/responses/{answered.response_id}/files/{answered.file_name}"
    for role in ("admin", "analyst"):
        got = sign_in(f"{role}@x.test").get(url)
        assert got.status_code == 200
        assert got.data == PAGE
        assert got.headers["Content-Disposition"] == f'attachment; filename="{answered.file_name}"'
        assert got.headers["X-Content-Type-Options"] == "nosniff"
        assert got.mimetype == "text/plain"
    assert sign_in("liaison@x.test").get(url).status_code == 403
    assert (
        sign_in("admin@x.test").get(f"/team/responses/{answered.response_id}/files/0.jpg").status_code == 404
    )
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "export.file")).all()
    assert [e.actor for e in events] == ["admin@x.test", "analyst@x.test"]


def test_the_export_keeps_the_file_name_in_the_answer_column(db, answered):  # type: ignore[no-untyped-def]
    survey = db.scalars(select(Survey)).one()
    table = response_table(db, survey)
    row = dict(zip(table.header, table.rows[0], strict=True))
    assert row["doc"] == answered.file_name
    assert db.scalars(select(Response)).one().answer_map()["doc"] == answered.file_name
