"""A kiosk whose survey shows media is offered offline: the start screen lists every file of the
current version (all languages) for the service worker to keep and says how many, the offline page
draws them with the server pages' markup, a new version lists its own files, and a version whose
files are more than a tablet keeps (MAX_TOTAL_BYTES) stays online with a message naming the size.
The browser's side is tests/e2e/test_kiosk_offline_media.py."""

from __future__ import annotations

import html
import re
from typing import Any

from surveyapp.services import form_media
from surveyapp.services.attachments import MAX_TOTAL_BYTES, offline_media_bytes, offline_refusal
from surveyapp.services.surveys import definition_of, import_survey, store_version
from surveyapp.services.users import create_user
from surveyapp.services.xlsform import read_xlsform

from ..fixtures.staff import PASSWORD, unlock
from ..media_files import MP4, png, wav
from ..public.respondent import Respondent

FILES = {
    "cow.png": png(4, 3),
    "cow-es.png": png(5, 2, (0, 90, 0)),
    "cow-big.png": png(40, 30),
    "moo.wav": wav(),
    "muu.wav": wav(1600),
    "farm.mp4": MP4,
    "yes.png": png(2, 2, (0, 0, 200)),
}
# What a person answers, with or without JavaScript.
ANSWERS = {"cow": "yes", "why": "horns"}


def offline_media_form(xlsform: Any, version: str = "1") -> Any:
    """A question showing an image and a recording in each of two languages (a big image and a
    video in English only), a choice with an image, and a text question, on one page."""
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
                "audio::es": "muu.wav",
                "video::en": "farm.mp4",
            },
            {"type": "text", "name": "why", "label::en": "Why?", "label::es": "¿Por qué?"},
        ],
        [
            {"list_name": "yn", "name": "yes", "label::en": "Yes", "label::es": "Sí", "image::en": "yes.png"},
            {"list_name": "yn", "name": "no", "label::en": "No", "label::es": "No"},
        ],
        settings={"form_id": "media", "version": version},
    )


def kiosk_with(db, channel_for, survey_id: int) -> None:  # type: ignore[no-untyped-def]
    channel_for(survey_id, token="kt", mode="kiosk", languages=["en", "es"])
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()


def kept(start: str) -> list[str]:
    """The addresses the start screen hands its service worker."""
    found = re.search(r'data-media="([^"]*)"', start)
    return html.unescape(found[1]).split(" ") if found else []


def media_blocks(page: str) -> list[str]:
    """Every media element of a page as written: the question's block and the choices' images."""
    return re.findall(r'<div class="media">.*?</div>|<img [^>]*class="choice-image"[^>]*>', page, re.S)


def test_the_start_screen_lists_every_file_of_the_version_for_the_tablet(client, db, xlsform, channel_for):
    survey = import_survey(db, offline_media_form(xlsform), attachments=FILES).survey
    db.commit()
    kiosk_with(db, channel_for, survey.id)
    assert unlock(client).status_code == 302
    start = client.get("/k/kt").get_data(as_text=True)
    assert 'data-offline="/k/kt/offline?lang=en"' in start
    assert "7 media files kept for offline use." in start  # shown by the script once they are
    assert "could not be kept on this tablet" in start  # ...or this, if one is not
    addresses = kept(start)
    assert sorted(a.rsplit("/", 1)[1] for a in addresses) == sorted(FILES)
    for address in addresses:
        reply = client.get(address)
        assert reply.status_code == 200
        assert reply.data == FILES[address.rsplit("/", 1)[1]]
    # Every file either language's page loads is one of them.
    for lang in ("en", "es"):
        page = client.get(f"/k/kt/offline?lang={lang}").get_data(as_text=True)
        assert set(re.findall(r'(?:src|href)="(/media/[^"]+)"', page)) <= set(addresses)


def test_the_offline_page_draws_the_media_as_the_server_pages_do(client, db, xlsform, channel_for):
    survey = import_survey(db, offline_media_form(xlsform), attachments=FILES).survey
    db.commit()
    kiosk_with(db, channel_for, survey.id)
    assert unlock(client).status_code == 302
    person = Respondent(client, token="kt", prefix="/k")
    for lang, image in (("en", "cow.png"), ("es", "cow-es.png")):
        offline = client.get(f"/k/kt/offline?lang={lang}")
        assert offline.status_code == 200
        server = person.open(f"/p/0?lang={lang}").get_data(as_text=True)
        blocks = media_blocks(offline.get_data(as_text=True))
        assert blocks == media_blocks(server)
        assert f'/{image}" alt="{"Is this a cow?" if lang == "en" else "¿Es una vaca?"}"' in blocks[0]
        assert '<audio controls preload="none"' in blocks[0]


def addresses_of(version) -> set[str]:  # type: ignore[no-untyped-def]
    """The media addresses of a version's files (surveyapp/media.py: digest and name)."""
    return {
        f"/media/{m['sha256'][: form_media.DIGEST_LENGTH]}/{name}"
        for name, m in version.definition["media"].items()
    }


def test_a_new_version_lists_its_own_files_only(client, db, xlsform, channel_for):
    first = import_survey(db, offline_media_form(xlsform), attachments=FILES)
    import_survey(db, offline_media_form(xlsform), slug="other", attachments={**FILES, "yes.png": png(3, 3)})
    db.commit()
    kiosk_with(db, channel_for, first.survey.id)
    assert unlock(client).status_code == 302
    assert set(kept(client.get("/k/kt").get_data(as_text=True))) == addresses_of(first.version)
    second = import_survey(
        db, offline_media_form(xlsform, version="2"), attachments={**FILES, "cow.png": png(6, 6)}
    ).version
    db.commit()
    after = kept(client.get("/k/kt").get_data(as_text=True))
    assert set(after) == addresses_of(second)
    assert len(after) == len(FILES)
    assert addresses_of(first.version) - set(after) == {
        a for a in addresses_of(first.version) if "cow.png" in a
    }


def _oversized(db, xlsform) -> Any:  # type: ignore[no-untyped-def]
    """A version whose files are more than a tablet keeps: two images of 3 MB each (an upload stops
    at MAX_TOTAL_BYTES; a version stored by other means, or under an earlier limit, may not)."""
    path = xlsform(
        [
            {
                "type": "note",
                "name": "n",
                "label::en": "Look",
                "label::es": "Mira",
                "image::en": "big-en.png",
                "image::es": "big-es.png",
            }
        ],
        settings={"form_id": "big"},
    )
    small = {"big-en.png": png(), "big-es.png": png(2, 2)}
    definition = read_xlsform(path, attachments=small).definition
    padding = b"\0" * (3 * 1024 * 1024)  # bytes after the PNG's end, which a browser ignores
    files = {name: data + padding for name, data in small.items()}
    definition["media"] = form_media.describe(definition, files)
    return store_version(db, "big", definition, attachments=files).survey


def test_media_above_the_cap_keep_the_kiosk_online_with_the_size(client, db, xlsform, channel_for):
    survey = _oversized(db, xlsform)
    db.commit()
    kiosk_with(db, channel_for, survey.id)
    definition = definition_of(survey.current_version)
    size = offline_media_bytes(definition)
    assert size > MAX_TOTAL_BYTES
    message = (
        f"This survey shows {size // 1024} kB of images, audio and video, more than a tablet keeps "
        f"offline ({MAX_TOTAL_BYTES // 1024} kB): it is answered online, page by page."
    )
    assert offline_refusal(definition) == message
    assert unlock(client).status_code == 302
    start = client.get("/k/kt").get_data(as_text=True)
    assert html.escape(message, quote=False) in start
    assert "data-offline" not in start
    assert "data-media" not in start
    assert "kept for offline use" not in start
    refused = client.get("/k/kt/offline?lang=en")
    assert refused.status_code == 409
    assert html.escape(message, quote=False) in refused.get_data(as_text=True)


def test_the_cap_counts_every_language_s_files(db, xlsform):
    survey = import_survey(db, offline_media_form(xlsform), attachments=FILES).survey
    definition = definition_of(survey.current_version)
    assert offline_media_bytes(definition) == sum(len(data) for data in FILES.values())
    assert offline_refusal(definition) is None


def test_a_survey_with_media_and_a_file_question_is_kept_offline_with_both(client, db, xlsform, channel_for):
    path = xlsform(
        [
            {"type": "note", "name": "n", "label::en": "Look", "image::en": "cow.png"},
            {"type": "image", "name": "photo", "label::en": "A photo"},
        ],
        settings={"form_id": "photo"},
    )
    survey = import_survey(db, path, attachments={"cow.png": FILES["cow.png"]}).survey
    db.commit()
    kiosk_with(db, channel_for, survey.id)
    assert unlock(client).status_code == 302
    start = client.get("/k/kt").get_data(as_text=True)
    assert "asks for pictures, recordings or files" not in start
    assert "data-media=" in start
    page = client.get("/k/kt/offline?lang=en")
    assert page.status_code == 200
    assert 'type="file"' in page.get_data(as_text=True)
