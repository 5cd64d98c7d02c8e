"""Input no part of the app can use is answered at the edge: a 400 that says why, a 404 for an id
past the columns' range, a cleaned file name, a refused zip bomb. Never a 500."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from sqlalchemy import select

from surveyapp.models import FocusGroup, Signup, Survey
from surveyapp.services.xlsform import XLSFormError, parse_xlsform

from .fixtures.staff import csrf_of

REFUSED_ES = "caracteres de control invisibles"  # the reason, in the language the browser asks for


@pytest.mark.parametrize(
    "path", ["/s/t1%00", "/s/%00abc/p/0", "/g/x%01y", "/k/kt%1b/offline", "/s/t1?lang=es%00", "/r?code=%00"]
)
def test_control_characters_in_the_path_or_query_are_a_400_with_a_reason(client, small_survey, path):
    reply = client.get(path, headers={"Accept-Language": "es"})
    assert reply.status_code == 400
    page = reply.get_data(as_text=True)
    assert REFUSED_ES in page
    assert '<html lang="es"' in page


def test_an_over_long_query_value_is_a_400(client):
    reply = client.get("/r?code=" + "A" * 5000)
    assert reply.status_code == 400
    assert "too long" in reply.get_data(as_text=True)


@pytest.mark.parametrize("big", [2**31, 2**63, 10**30])
def test_ids_past_the_column_range_are_a_404(demo, sign_in, big):  # noqa: F811
    admin = sign_in("admin@demo.test")
    for path in (f"/team/groups/{big}/roster", f"/admin/partners/{big}", f"/team/groups/{big}/roster.csv"):
        assert admin.get(path).status_code == 404, path
    token = csrf_of(admin.get("/admin/"))
    assert admin.post(f"/admin/signups/{big}/delete", data={"csrf_token": token}).status_code == 404


def test_the_largest_id_still_reaches_the_view(demo, sign_in):  # noqa: F811
    assert sign_in("admin@demo.test").get(f"/team/groups/{2**31 - 1}/roster").status_code == 404


def test_a_nul_in_a_sign_up_field_is_dropped_not_a_500(client, demo):  # noqa: F811
    group = demo.scalar(select(FocusGroup))
    page = client.get(f"/g/{group.token}")
    reply = client.post(
        f"/g/{group.token}",
        data={
            "csrf_token": csrf_of(page),
            "name": "Am\x00ina",
            "contact_method": "phone",
            "phone": "612 555\x00 0100",
            "email": "",
            "language": "en",
            "interpretation": "",
            "children": "0",
            "consent_contact": "y",
            "accessibility": "ramp\x07",
        },
    )
    assert reply.status_code == 303
    signup = demo.scalars(select(Signup).where(Signup.group_id == group.id)).one()
    assert signup.name == "Amina"


def _upload(admin, name: str, content: bytes):  # type: ignore[no-untyped-def]
    token = csrf_of(admin.get("/admin/"))
    return admin.post(
        "/admin/surveys/upload",
        content_type="multipart/form-data",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
    )


@pytest.mark.parametrize("name", ["..", "../..", "\x00", "/"])
def test_an_upload_named_dot_dot_or_nul_is_refused_with_a_reason(demo, sign_in, name):  # noqa: F811
    reply = _upload(sign_in("admin@demo.test"), name, b"PK")
    assert reply.status_code == 400
    assert "file name cannot be used" in reply.get_data(as_text=True)


def test_an_upload_name_with_a_nul_or_a_path_is_cleaned(demo, sign_in, small_form):  # noqa: F811
    reply = _upload(sign_in("admin@demo.test"), "../../etc/sm\x00all.xlsx", small_form.read_bytes())
    assert reply.status_code == 200
    assert demo.scalar(select(Survey).where(Survey.slug == "small")) is not None


def _bomb(form_bytes: bytes, padding: int) -> bytes:
    """The form with one more part that unpacks to `padding` bytes from a few kilobytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(form_bytes)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        bomb.writestr("xl/media/padding.xml", b" " * padding)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_parsing_with_a_clear_message(demo, sign_in, small_form):  # noqa: F811
    bomb = _bomb(small_form.read_bytes(), 11 * 1024 * 1024)
    assert len(bomb) < 100_000
    reply = _upload(sign_in("admin@demo.test"), "bomb.xlsx", bomb)
    assert reply.status_code == 422
    assert re.search(r"unpacks to 11 MB .* the limit is 10 MB", reply.get_data(as_text=True))
    assert demo.scalar(select(Survey).where(Survey.slug == "small")) is None


def test_the_unpacked_limit_counts_every_part(small_form, tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_bytes(_bomb(small_form.read_bytes(), 200_000))
    assert parse_xlsform(path)["id_string"] == "small"
    with pytest.raises(XLSFormError, match="unpacks to"):
        parse_xlsform(path, max_unpacked=200_000)
    path.write_bytes(b"not a zip at all")
    with pytest.raises(XLSFormError, match="not a readable .xlsx"):
        parse_xlsform(path)
