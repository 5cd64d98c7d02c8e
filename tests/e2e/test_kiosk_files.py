"""File questions on the offline kiosk page, in Chromium: a photo chosen and a signature drawn with
the network gone are kept in IndexedDB with the response (a Blob with its name, type and size),
delivered when the network returns as one multipart post, and stored with the same answers and file
bytes as the walk without JavaScript; a resend of that post stores nothing new; an oversize file is
refused on the tablet with the server's message, and by the server when posted directly; the next
person finds nothing of the previous one."""

from __future__ import annotations

import base64
import io

import pytest
from sqlalchemy import func, select

from surveyapp.models import AnswerFile, Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from ..public.respondent import Respondent
from ..public.test_media_questions import jpeg_with_gps
from .network import offline
from .test_kiosk_tablet import PASSWORD, choose, unlock

pytestmark = pytest.mark.browser
LIMIT = 100_000
FORM = [
    {"type": "image", "name": "photo", "label::en": "A photo of the bus stop", "required": "yes"},
    {"type": "image", "name": "sign", "label::en": "Your signature", "appearance": "signature"},
    {"type": "text", "name": "why", "label::en": "Why?"},
]
# The outbox's items with their files read back as base64 (what the tablet holds).
OUTBOX = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("surveyapp-kiosk", 2);
  open.onsuccess = () => {
    const tx = open.result.transaction(["outbox", "files"]);
    const items = tx.objectStore("outbox").getAll(), drafts = tx.objectStore("files").getAll();
    tx.oncomplete = async () => {
      const read = (blob) => new Promise((done) => {
        const reader = new FileReader();
        reader.onload = () => done(reader.result.split(",")[1]);
        reader.readAsDataURL(blob);
      });
      const out = [];
      for (const item of items.result) {
        const files = {};
        for (const key of Object.keys(item.files || {})) {
          const f = item.files[key];
          files[key] = {name: f.name, type: f.type, size: f.size, data: await read(f.blob)};
        }
        out.push({id: item.id, body: item.body, files: files});
      }
      open.result.close();
      resolve({items: out, drafts: drafts.result.length});
    };
    tx.onerror = () => reject(tx.error);
  };
})"""
# Posts an item again as the outbox does (the acknowledgement of the first post was lost).
RESEND = """async (item) => {
  const form = new FormData();
  form.append("response", new Blob([JSON.stringify(item.body)], {type: "application/json"}), "response.json");
  for (const [key, f] of Object.entries(item.files)) {
    const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
    form.append(key, new Blob([bytes], {type: f.type}), f.name);
  }
  const answer = await fetch("/k/tab/responses", {method: "POST", body: form});
  return [answer.status, await answer.json()];
}"""


@pytest.fixture
def files_kiosk(db, xlsform, channel_for, app, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", LIMIT)
    survey = import_survey(db, xlsform(FORM)).survey
    db.commit()
    channel_for(survey.id, token="tab", mode="kiosk", languages=["en"], idle_seconds=300)
    channel_for(survey.id, token="nojs")
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    return survey


def sign(tablet) -> None:  # type: ignore[no-untyped-def]
    pad = tablet.locator("canvas.draw-canvas")
    pad.wait_for(state="visible")
    box = pad.bounding_box()
    tablet.mouse.move(box["x"] + 20, box["y"] + 30)
    tablet.mouse.down()
    for step in range(1, 20):
        tablet.mouse.move(box["x"] + 20 + step * 15, box["y"] + 30 + (step % 5) * 12)
    tablet.mouse.up()
    tablet.locator("#q_sign-chosen").wait_for()


def stored_files(db, response_id):  # type: ignore[no-untyped-def]
    db.expire_all()
    return {
        f.question: (f.content_type, f.data)
        for f in db.scalars(select(AnswerFile).where(AnswerFile.response_id == response_id))
    }


def test_a_photo_and_a_signature_answered_offline_are_stored_as_without_javascript(
    tablet, live_server, files_kiosk, db, app, tmp_path
):
    picture = tmp_path / "stop.jpg"
    picture.write_bytes(jpeg_with_gps(300, 200))
    huge = tmp_path / "huge.jpg"
    huge.write_bytes(jpeg_with_gps(300, 200) + b"\x00" * LIMIT)
    unlock(tablet, live_server)
    choose(tablet, "en")
    # Too large: refused on the tablet, with the server's message, and nothing kept.
    tablet.set_input_files("#q_photo", str(huge))
    assert (
        tablet.inner_text("#q_photo-error") == "This file is larger than 98 kB. Please choose a smaller one."
    )
    assert tablet.locator("#q_photo").evaluate("input => input.files.length") == 0
    tablet.set_input_files("#q_photo", str(picture))
    tablet.locator("#q_photo-chosen", has_text="File chosen: stop.jpg").wait_for()
    assert not tablet.locator("#q_photo-error").count()
    # The page reloads (as on a language switch): the chosen file is still there, from IndexedDB.
    tablet.reload()
    tablet.locator("#q_photo-chosen", has_text="File chosen: stop.jpg").wait_for()
    offline(tablet, True)
    sign(tablet)
    tablet.fill("#q_why", "No shelter")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    held = tablet.evaluate(OUTBOX)
    assert held["drafts"] == 0  # the chosen files left the draft's store with the response
    [item] = held["items"]
    assert set(item["files"]) == {"photo", "sign"}
    assert item["files"]["photo"]["name"] == "stop.jpg"
    assert item["files"]["photo"]["size"] == picture.stat().st_size
    assert item["files"]["sign"]["type"] == "image/png"
    assert item["body"]["answers"] == {"why": "No shelter"}
    assert db.scalar(select(func.count()).select_from(Response)) == 0
    offline(tablet, False)
    tablet.evaluate("window.KioskOutbox.flush()")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'", timeout=30000)
    assert tablet.evaluate(OUTBOX) == {"items": [], "drafts": 0}  # the blobs left with the delivery
    kiosk = db.scalars(select(Response).where(Response.id == item["id"])).one()
    on_tablet = stored_files(db, kiosk.id)

    # The same answers and files through the server's pages, without JavaScript.
    drawn = base64.b64decode(item["files"]["sign"]["data"])
    person = Respondent(app.test_client(), token="nojs")
    person.open("/p/0")
    person.post(
        {
            "photo": (io.BytesIO(picture.read_bytes()), "stop.jpg"),
            "sign": (io.BytesIO(drawn), "signature.png"),
            "why": "No shelter",
        }
    )
    person.submit()
    db.expire_all()
    paged = db.scalars(select(Response).where(Response.id != kiosk.id)).one()
    assert paged.status == kiosk.status == "complete"
    assert stored_files(db, paged.id) == on_tablet
    assert set(on_tablet) == {"photo", "sign"}
    names = {key for key in on_tablet}
    assert {k: v for k, v in kiosk.answer_map().items() if k not in names} == {
        k: v for k, v in paged.answer_map().items() if k not in names
    }
    assert kiosk.answer_map()["photo"].endswith(".jpg")
    assert kiosk.answer_map()["sign"].endswith(".png")

    # A resend of the same delivery stores nothing new.
    status, answer = tablet.evaluate(RESEND, item)
    assert (status, answer["status"]) == (200, "stored before")
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Response)) == 2
    assert stored_files(db, kiosk.id) == on_tablet
    # Posted directly, the oversize file is refused by the server with its reason.
    big = {**item, "id": None, "files": {**item["files"]}}
    big["body"] = {**item["body"], "id": "7b0c4c52-1f7e-4d3a-9a61-0c9f4f0e2d11"}
    big["files"]["photo"] = {**item["files"]["photo"], "data": base64.b64encode(huge.read_bytes()).decode()}
    status, answer = tablet.evaluate(RESEND, big)
    assert status == 422
    assert answer["errors"] == {"photo": "This file is larger than 98 kB. Please choose a smaller one."}

    # The next person: nothing of the previous one on the page or in the tablet's store.
    tablet.goto(f"{live_server}/k/tab")
    choose(tablet, "en")
    assert not tablet.locator(".current-file").count()
    assert tablet.locator("#q_photo").evaluate("input => input.files.length") == 0
    assert tablet.evaluate(OUTBOX) == {"items": [], "drafts": 0}


def test_a_file_chosen_then_start_over_is_deleted_from_the_tablet(tablet, live_server, files_kiosk, tmp_path):
    picture = tmp_path / "stop.jpg"
    picture.write_bytes(jpeg_with_gps(60, 40))
    unlock(tablet, live_server)
    choose(tablet, "en")
    tablet.set_input_files("#q_photo", str(picture))
    tablet.locator("#q_photo-chosen").wait_for()
    assert tablet.evaluate(OUTBOX)["drafts"] == 1
    tablet.click("#kiosk-reset button")
    tablet.wait_for_url(f"{live_server}/k/tab")
    tablet.wait_for_function(
        """() => new Promise((resolve) => {
          const open = indexedDB.open("surveyapp-kiosk", 2);
          open.onsuccess = () => {
            const count = open.result.transaction("files").objectStore("files").count();
            count.onsuccess = () => { open.result.close(); resolve(count.result === 0); };
          };
        })"""
    )
    choose(tablet, "en")
    assert not tablet.locator(".current-file").count()
