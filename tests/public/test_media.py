"""Media columns (`image`, `big-image`, `audio`, `video`, per language) on the survey and choices
sheets: the files uploaded beside the workbook are checked by their bytes, kept with the version,
shown on the respondent's pages and served with headers that let a browser keep them."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from surveyapp.models import Response, SurveyMedia
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import XLSFormError, read_xlsform

from ..media_files import MP4, png, wav
from .respondent import Respondent

FILES = {
    "cow.png": png(4, 3),
    "cow-es.png": png(5, 2, (0, 90, 0)),
    "cow-big.png": png(40, 30),
    "moo.wav": wav(),
    "farm.mp4": MP4,
    "yes.png": png(2, 2, (0, 0, 200)),
}


def media_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {
                "type": "select_one yn",
                "name": "cow",
                "label::en": "Is this a cow?",
                "label::es": "¿Es una vaca?",
                "image::en": "cow.png",
                "image::es": "cow-es.png",
                "big-image::en": "cow-big.png",
                "audio::en": "moo.wav",
                "video::en": "farm.mp4",
            },
            {"type": "text", "name": "why", "label::en": "Why?"},
        ],
        [
            {"list_name": "yn", "name": "yes", "label::en": "Yes", "image::en": "yes.png"},
            {"list_name": "yn", "name": "no", "label::en": "No"},
        ],
        settings={"form_id": "media"},
    )


@pytest.fixture
def media_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, media_form(xlsform), attachments=FILES).survey
    db.commit()
    return channel_for(survey.id)


def _sources(html: str) -> dict[str, str]:
    """{file name: address} of every media element of a page."""
    return {m[1]: m[0] for m in re.findall(r'(?:src|href)="(/media/[0-9a-f]+/([^"]+))"', html)}


def test_the_files_are_kept_with_the_version_and_described_in_its_definition(db, media_survey):
    stored = {m.name: m for m in db.scalars(select(SurveyMedia))}
    assert sorted(stored) == sorted(FILES)
    assert stored["moo.wav"].content_type == "audio/wav"
    assert stored["farm.mp4"].data == MP4
    definition = media_survey.survey.current_version.definition
    assert definition["media"]["cow.png"]["width"] == 4
    assert definition["media"]["cow.png"]["height"] == 3
    question = definition["pages"][0]["questions"][0]
    assert question["media"] == {
        "image": {"en": "cow.png", "es": "cow-es.png"},
        "big-image": {"en": "cow-big.png"},
        "audio": {"en": "moo.wav"},
        "video": {"en": "farm.mp4"},
    }
    assert definition["choices"]["yn"][0]["media"] == {"image": {"en": "yes.png"}}


def test_the_page_shows_them_in_the_person_s_language_with_fallback(app, db, media_survey):
    person = Respondent(app.test_client())
    html = person.open("/p/0").get_data(as_text=True)
    assert re.search(
        r'<img src="/media/[0-9a-f]{32}/cow.png" alt="Is this a cow\?" '
        r'class="media-image" loading="lazy" width="4" height="3">',
        html,
    )
    assert re.search(r'<a href="/media/[0-9a-f]{32}/cow-big.png"><img', html)
    assert re.search(r'<audio controls preload="none" src="/media/[0-9a-f]{32}/moo.wav">', html)
    assert re.search(r'<video controls preload="none" src="/media/[0-9a-f]{32}/farm.mp4">', html)
    assert re.search(r'<img src="/media/[0-9a-f]{32}/yes.png" alt="" class="choice-image"', html)
    spanish = person.open("/p/0?lang=es").get_data(as_text=True)
    assert 'alt="¿Es una vaca?"' in spanish
    sources = _sources(spanish)
    assert "cow-es.png" in sources
    assert "cow.png" not in sources
    assert {"cow-big.png", "moo.wav", "farm.mp4", "yes.png"} <= set(sources)  # English's, as fallback
    person.post({"cow": "yes", "why": "horns"})
    person.submit()
    assert db.scalars(select(Response)).one().answer_map() == {"cow": "yes", "why": "horns"}


def test_a_file_is_served_inline_with_its_type_and_kept_for_good(app, media_survey):
    client = app.test_client()
    sources = _sources(Respondent(client).open("/p/0").get_data(as_text=True))
    reply = client.get(sources["cow.png"])
    assert reply.status_code == 200
    assert reply.data == FILES["cow.png"]
    assert reply.mimetype == "image/png"
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["Content-Disposition"] == 'inline; filename="cow.png"'
    assert "immutable" in reply.headers["Cache-Control"]
    assert "max-age=31536000" in reply.headers["Cache-Control"]
    assert "no-store" not in reply.headers["Cache-Control"]
    page = client.get("/s/t1/p/0")
    assert "media-src 'self'" in page.headers["Content-Security-Policy"]
    again = client.get(sources["cow.png"], headers={"If-None-Match": reply.headers["ETag"]})
    assert again.status_code == 304
    part = client.get(sources["moo.wav"], headers={"Range": "bytes=0-3"})
    assert part.status_code == 206
    assert part.data == b"RIFF"
    assert part.mimetype == "audio/wav"


def test_an_address_that_is_not_a_stored_file_is_404(app, media_survey):
    client = app.test_client()
    address = _sources(Respondent(client).open("/p/0").get_data(as_text=True))["cow.png"]
    digest = address.split("/")[2]
    assert client.get(f"/media/{digest}/yes.png").status_code == 404  # another file's name
    assert client.get(f"/media/{'0' * 32}/cow.png").status_code == 404
    assert client.get(f"/media/{digest[:8]}/cow.png").status_code == 404  # too short to be one


def test_a_media_cell_naming_a_missing_file_is_a_problem_with_its_place(xlsform):
    files = {k: v for k, v in FILES.items() if k not in {"moo.wav", "yes.png"}}
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(media_form(xlsform), attachments=files)
    found = {(p.sheet, p.row, p.column): str(p.message) for p in caught.value.problems}
    assert found == {
        ("survey", 2, "audio::English (en)"): "moo.wav is not attached; attach it beside the workbook.",
        ("choices", 2, "image::English (en)"): "yes.png is not attached; attach it beside the workbook.",
    }


def test_a_file_that_is_not_what_its_name_says_or_its_column_takes_is_refused(xlsform):
    files = {**FILES, "moo.wav": png(), "farm.mp4": wav()}
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(media_form(xlsform), attachments={**files, "cow.png": MP4})
    where = {(p.sheet, p.row) for p in caught.value.problems}
    assert where == {("moo.wav", None), ("farm.mp4", None), ("cow.png", None)}
    path = xlsform([{"type": "note", "name": "n", "label::en": "Hear", "audio::en": "cow.png"}])
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path, attachments={"cow.png": png()})
    assert [(p.row, p.column, str(p.message)) for p in caught.value.problems] == [
        (2, "audio::English (en)", "cow.png is not a file this column takes (.mp3, .ogg, .wav, .m4a).")
    ]
    path = xlsform([{"type": "note", "name": "n", "label::en": "See", "video::en": "farm.avi"}])
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    assert [str(p.message) for p in caught.value.problems] == [
        "farm.avi is not a file this column takes (.mp4, .webm, .mkv)."
    ]


def test_svg_is_refused_with_the_reason(xlsform):
    path = xlsform([{"type": "note", "name": "n", "label::en": "See", "image::en": "logo.svg"}])
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path, attachments={"logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>"})
    messages = [str(p.message) for p in caught.value.problems]
    assert any("SVG" in m and "PNG" in m for m in messages)


def test_a_media_file_no_row_shows_is_a_warning(xlsform):
    parsed = read_xlsform(media_form(xlsform), attachments={**FILES, "spare.png": png()})
    assert [(w.sheet, str(w.message)) for w in parsed.warnings] == [
        ("spare.png", "No question or choice shows this file; it is left out.")
    ]
    assert "spare.png" not in parsed.definition["media"]


def test_a_version_again_with_other_media_content_is_refused(db, xlsform):
    import_survey(db, media_form(xlsform), attachments=FILES)
    again = import_survey(db, media_form(xlsform), attachments=FILES)
    assert not again.created
    with pytest.raises(XLSFormError, match="already imported with other content"):
        import_survey(db, media_form(xlsform), attachments={**FILES, "cow.png": png(9, 9)})


def test_the_workbook_and_its_media_round_trip(db, xlsform, tmp_path):
    from surveyapp.services import form_media as media
    from surveyapp.services.xlsform import to_xlsx

    version = import_survey(db, media_form(xlsform), attachments=FILES).version
    kept = media.files_of(db, version)
    assert kept == FILES
    exported = tmp_path / "exported.xlsx"
    exported.write_bytes(to_xlsx(version.definition, "media"))
    parsed = read_xlsform(exported, attachments=kept)
    assert parsed.definition == version.definition
    assert parsed.warnings == []
    assert not import_survey(db, exported, attachments=kept).created


def test_a_kiosk_offers_a_form_with_media_offline_and_its_pages_load_them(client, db, xlsform, channel_for):
    """The offline side is tests/kiosk/test_kiosk_offline_media.py."""
    from surveyapp.services.users import create_user

    from ..fixtures.staff import PASSWORD, unlock

    survey = import_survey(db, media_form(xlsform), attachments=FILES).survey
    db.commit()
    channel_for(survey.id, token="kt", mode="kiosk", languages=["en"])
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    assert unlock(client).status_code == 302
    start = client.get("/k/kt").get_data(as_text=True)
    assert 'data-offline="/k/kt/offline?lang=en"' in start
    assert "6 media files kept for offline use." in start
    assert client.get("/k/kt/offline?lang=en").status_code == 200
    page = client.get("/k/kt/p/0", follow_redirects=True).get_data(as_text=True)
    address = _sources(page)["cow.png"]
    served = client.get(address)  # a kiosk tablet may load a survey's media
    assert served.status_code == 200
    assert "no-store" not in served.headers["Cache-Control"]


def test_media_show_on_every_kind_of_question_and_in_pyxform_s_other_spelling(app, db, xlsform, channel_for):
    path = xlsform(
        [
            {"type": "begin group", "name": "g", "label::en": "G"},
            {"type": "note", "name": "n", "label::en": "Note", "image::en": "cow.png"},
            {
                "type": "date",
                "name": "d",
                "label::en": "When",
                "appearance": "no-calendar",
                "image::en": "cow.png",
            },
            {"type": "acknowledge", "name": "ok", "label::en": "OK?", "audio::en": "moo.wav"},
            {"type": "integer", "name": "i", "label::en": "How many?", "media::video": "farm.mp4"},
            {"type": "end group"},
        ],
        settings={"form_id": "kinds"},
    )
    parsed = read_xlsform(path, attachments=FILES)
    # Only the files no row shows; no column is left out.
    assert sorted((w.sheet, w.file) for w in parsed.warnings) == [
        ("cow-big.png", True),
        ("cow-es.png", True),
        ("yes.png", True),
    ]
    survey = import_survey(db, path, attachments=FILES).survey
    db.commit()
    channel_for(survey.id)
    html = Respondent(app.test_client()).open("/p/0").get_data(as_text=True)
    assert html.count('class="media-image"') == 2
    assert html.count("<audio controls") == 1
    assert html.count("<video controls") == 1
