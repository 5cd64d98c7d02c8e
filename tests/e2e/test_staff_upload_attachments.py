"""An admin uploads a workbook with the CSV it reads, in Chromium: a missing file is listed with the
other problems, the upload with its file is published, and the file downloads beside the workbook."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Survey

from ..fixtures.browser import audit
from .test_staff_forms import sign_in

pytestmark = pytest.mark.browser


def test_an_admin_uploads_a_form_with_its_csv(laptop, live_server, demo, db, xlsform, tmp_path):  # noqa: F811
    page = laptop
    form = xlsform(
        [
            {"type": "select_one_from_file towns.csv", "name": "town", "label::en": "Town?"},
            {"type": "calculate", "name": "zip", "calculation": "pulldata('towns', 'zip', 'name', ${town})"},
        ],
        settings={"form_title": "Towns", "form_id": "towns", "version": "1"},
        name="towns.xlsx",
    )
    towns = tmp_path / "towns.csv"
    towns.write_text("name,label,zip\nstp,Saint Paul,55101\nmpls,Minneapolis,55401\n", encoding="utf-8")
    sign_in(page, live_server, "admin@demo.test")
    page.get_by_label("XLSForm (.xlsx)").set_input_files(str(form))
    page.get_by_role("button", name="Upload XLSForm").click()
    assert "towns.csv, which is not attached" in page.get_by_role("table").inner_text()

    page.goto(f"{live_server}/admin")
    page.get_by_label("XLSForm (.xlsx)").set_input_files(str(form))
    page.get_by_label("Attached files").set_input_files(str(towns))
    page.get_by_role("button", name="Upload XLSForm").click()
    page.get_by_text("and published it").wait_for()
    audit(page, "staff-upload-attachments")
    survey = db.scalar(select(Survey).where(Survey.slug == "towns"))
    assert survey is not None
    assert [c["name"] for c in survey.current_version.definition["choices"]["towns.csv"]] == ["stp", "mpls"]
    with page.expect_download() as download:
        page.get_by_role("link", name="Download towns.csv").click()
    assert download.value.path().read_text(encoding="utf-8") == towns.read_text(encoding="utf-8")


def test_an_admin_uploads_a_form_with_its_media_and_previews_them(
    laptop,
    live_server,
    demo,
    db,  # noqa: F811
    xlsform,
    tmp_path,
):
    from ..media_files import png, wav

    page = laptop
    form = xlsform(
        [
            {
                "type": "note",
                "name": "look",
                "label::en": "Look and listen",
                "image::en": "cow.png",
                "audio::en": "moo.wav",
            },
            {"type": "text", "name": "heard", "label::en": "What did you hear?"},
        ],
        settings={"form_title": "Cows", "form_id": "cows", "version": "1"},
        name="cows.xlsx",
    )
    (tmp_path / "cow.png").write_bytes(png(6, 4))
    (tmp_path / "moo.wav").write_bytes(wav())
    sign_in(page, live_server, "admin@demo.test")
    page.get_by_label("XLSForm (.xlsx)").set_input_files(str(form))
    page.get_by_label("Attached files").set_input_files(str(tmp_path / "cow.png"))
    page.get_by_role("button", name="Upload XLSForm").click()
    assert "moo.wav is not attached" in page.get_by_role("table").inner_text()

    page.goto(f"{live_server}/admin")
    page.get_by_label("XLSForm (.xlsx)").set_input_files(str(form))
    page.get_by_label("Attached files").set_input_files(
        [str(tmp_path / "cow.png"), str(tmp_path / "moo.wav")]
    )
    page.get_by_role("button", name="Upload XLSForm").click()
    page.get_by_text("and published it").wait_for()
    page.get_by_role("link", name="Preview this version").click()
    image = page.get_by_role("img", name="Look and listen")
    image.wait_for()
    page.wait_for_function("() => document.querySelector('img.media-image').naturalWidth === 6")
    assert page.locator("audio[controls]").count() == 1
    survey = db.scalar(select(Survey).where(Survey.slug == "cows"))
    assert survey is not None
    assert sorted(survey.current_version.definition["media"]) == ["cow.png", "moo.wav"]
