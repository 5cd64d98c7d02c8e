"""Uploading an XLSForm: every problem listed, warnings shown and confirmed before publishing, a preview
that stores nothing, and the current version back as a workbook."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from surveyapp.models import AuditEvent, Partner, Response, Survey, SurveyVersion
from surveyapp.services.xlsform import parse_xlsform

from ..fixtures.staff import csrf_of


def _upload(admin, path, name="form.xlsx"):  # type: ignore[no-untyped-def]
    page = admin.get("/admin/")
    return admin.post(
        "/admin/surveys/upload",
        data={"csrf_token": csrf_of(page), "file": (io.BytesIO(path.read_bytes()), name)},
        content_type="multipart/form-data",
    )


def _with_warnings(xlsform, version="2", label="Age now"):  # type: ignore[no-untyped-def]
    return xlsform(
        survey=[
            {"type": "integer", "name": "age", "label::en": label, "appearance": "numbers"},
            {
                "type": "text",
                "name": "note",
                "label::en": "Anything else?",
                "appearance": "multiline",
                "autoplay": "audio",
            },
        ],
        settings={"form_id": "small", "version": version, "style": "pages theme-sparkles"},
        name="warned.xlsx",
    )


def _audit(db, action):  # type: ignore[no-untyped-def]
    db.expire_all()
    return db.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_an_upload_without_warnings_is_published_at_once_and_says_so(demo, sign_in, small_form):
    admin = sign_in("admin@demo.test")
    page = _upload(admin, small_form)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Imported small, version 2026010101, and published it" in html
    survey = demo.scalar(select(Survey).where(Survey.slug == "small"))
    assert survey is not None
    assert survey.current_version is not None
    assert survey.current_version.published_at is not None
    assert f"/admin/preview/{survey.current_version_id}" in html
    assert "Publish this version" not in html
    assert [e.target for e in _audit(demo, "survey.publish")] == ["survey:small"]


def test_warnings_wait_for_the_admin_and_respondents_keep_the_published_version(
    demo, sign_in, small_survey, xlsform, client
):
    admin = sign_in("admin@demo.test")
    page = _upload(admin, _with_warnings(xlsform))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "It is not published yet" in html
    assert "The appearance numbers is not used" in html
    assert "rows 2)" in html
    assert "appearance multiline" not in html  # a text area: honoured
    assert "The column autoplay is not used" in html
    assert "The style theme-sparkles is not used" in html  # style pages itself is honoured
    demo.expire_all()
    survey = demo.scalar(select(Survey).where(Survey.slug == "small"))
    pending = demo.scalar(select(SurveyVersion).where(SurveyVersion.version == "2"))
    assert pending is not None
    assert pending.published_at is None
    assert survey.current_version.version == "2026010101"
    assert "Welcome" in client.get("/s/t1").get_data(as_text=True)  # still the published form
    assert "Waiting to be published" in admin.get("/admin/").get_data(as_text=True)

    publish = f"/admin/surveys/versions/{pending.id}/publish"
    assert admin.post(publish, data={}).status_code == 400  # no CSRF token, nothing changes
    demo.expire_all()
    assert demo.get(Survey, survey.id).current_version_id != pending.id
    done = admin.post(publish, data={"csrf_token": csrf_of(page)}, follow_redirects=True)
    assert "is published: its links now serve it" in done.get_data(as_text=True)
    demo.expire_all()
    assert demo.get(Survey, survey.id).current_version_id == pending.id
    fresh = client.application.test_client()
    assert "Age now" in fresh.get("/s/t1").get_data(as_text=True)
    assert [e.detail["version"] for e in _audit(demo, "survey.publish")] == ["2"]
    again = admin.post(publish, data={"csrf_token": csrf_of(page)}, follow_redirects=True)
    assert "already published" in again.get_data(as_text=True)


def test_a_new_survey_waiting_to_be_published_cannot_be_given_a_channel(demo, sign_in, xlsform):
    admin = sign_in("admin@demo.test")
    _upload(admin, _with_warnings(xlsform))
    survey = demo.scalar(select(Survey).where(Survey.slug == "small"))
    assert survey is not None
    assert survey.current_version_id is None
    from surveyapp.services.channels import ChannelError, ChannelSpec, save_channel

    partner_id = demo.scalar(select(Partner.id).limit(1))
    with pytest.raises(ChannelError) as refused:
        save_channel(demo, ChannelSpec(name="x", survey_id=survey.id, partner_id=partner_id))
    assert "survey_id" in refused.value.problems


def test_every_problem_is_listed_in_a_table_with_sheet_row_and_column(demo, sign_in, xlsform):
    admin = sign_in("admin@demo.test")
    broken = xlsform(
        [
            {"type": "hologram", "name": "where", "label::en": "Where"},
            {"type": "integer", "name": "age", "label::en": "Age", "constraint": ". >= ${nope}"},
            {"type": "select_one missing", "name": "pick", "label::en": "Pick"},
        ],
        name="broken.xlsx",
    )
    page = _upload(admin, broken)
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "3 problems" in html
    assert "<td>survey</td><td>2</td><td>type</td>" in html
    assert "<td>survey</td><td>3</td><td>constraint</td>" in html
    assert "<td>survey</td><td>4</td><td>type</td>" in html
    assert "${nope}" in html
    assert demo.scalar(select(func.count()).select_from(SurveyVersion)) == 1  # only the demo's


def test_the_preview_walks_the_pages_with_their_rules_and_stores_nothing(demo, sign_in, small_survey):
    admin = sign_in("admin@demo.test")
    version_id = demo.scalar(select(Survey.current_version_id).where(Survey.slug == "small"))
    first = admin.get(f"/admin/preview/{version_id}")
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert "Preview: nothing you enter is stored." in html
    assert "I agree" in html
    token = csrf_of(first)
    refused = admin.post(f"/admin/preview/{version_id}/p/0", data={"csrf_token": token})
    assert refused.status_code == 422
    assert "Please check the box to continue." in refused.get_data(as_text=True)
    agreed = admin.post(
        f"/admin/preview/{version_id}/p/0", data={"csrf_token": token, "q_consent": "OK", "action": "next"}
    )
    assert agreed.headers["Location"].endswith(f"/admin/preview/{version_id}/p/1")
    about = admin.get(agreed.headers["Location"]).get_data(as_text=True)
    assert "About you" in about
    too_young = admin.post(
        f"/admin/preview/{version_id}/p/1", data={"csrf_token": token, "q_age": "3", "q_children": "no"}
    )
    assert "Enter an age from 16 to 110" in too_young.get_data(as_text=True)
    ok = admin.post(
        f"/admin/preview/{version_id}/p/1", data={"csrf_token": token, "q_age": "30", "q_children": "no"}
    )
    last = admin.post(
        ok.headers["Location"].replace("http://localhost", ""),
        data={"csrf_token": token, "q_hardest": "the bus"},
    )
    end = admin.get(last.headers["Location"])
    assert "End of the preview" in end.get_data(as_text=True)
    small = demo.scalar(select(Survey.id).where(Survey.slug == "small"))
    assert demo.scalar(select(func.count()).where(Response.survey_id == small)) == 0
    assert admin.get("/admin/preview/99999").status_code == 404
    assert admin.get("/admin/preview/nope").status_code == 404


def test_the_current_version_downloads_as_an_xlsform_that_imports_the_same(
    demo, sign_in, small_survey, tmp_path
):
    admin = sign_in("admin@demo.test")
    index = admin.get("/admin/").get_data(as_text=True)
    assert "/admin/surveys/small/xlsform" in index
    got = admin.get("/admin/surveys/small/xlsform")
    assert got.status_code == 200
    assert got.headers["Content-Disposition"] == 'attachment; filename="small-2026010101.xlsx"'
    path = tmp_path / "down.xlsx"
    path.write_bytes(got.data)
    stored = demo.scalar(select(Survey).where(Survey.slug == "small")).current_version.definition
    assert parse_xlsform(path) == stored
    assert [e.target for e in _audit(demo, "survey.export")] == ["survey:small"]
    assert admin.get("/admin/surveys/nowhere/xlsform").status_code == 404
    assert sign_in("analyst@demo.test").get("/admin/surveys/small/xlsform").status_code == 403
