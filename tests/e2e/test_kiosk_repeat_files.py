"""File questions inside a repeat on the offline kiosk page, in Chromium: a photo in each of three
household members, chosen with the network gone; removing the middle member deletes its photo from
the tablet and moves the third one's down with its answers (in IndexedDB too, so a reload finds it);
delivered, the answers and file bytes are those of the walk without JavaScript. A photo of an
instance that a lowered repeat_count drops is not sent, and leaves the tablet; a household removed
takes its members' photos, the next household's move up with it."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from ..kiosk.test_kiosk_media import NESTED
from ..public.respondent import Respondent
from ..public.test_repeat_files import MEMBER, picture
from .network import offline
from .test_kiosk_files import OUTBOX, stored_files
from .test_kiosk_tablet import PASSWORD, choose, unlock

pytestmark = pytest.mark.browser
PEOPLE = (("Ana", 11, "ana.png"), ("Ben", 22, "ben.png"), ("Cy", 33, "cy.png"))
# The draft's files on the tablet, by answer key: their names.
DRAFT_FILES = """() => new Promise((resolve) => {
  const open = indexedDB.open("surveyapp-kiosk", 2);
  open.onsuccess = () => {
    const all = open.result.transaction("files").objectStore("files").getAll();
    all.onsuccess = () => {
      open.result.close();
      resolve(Object.fromEntries(all.result.map((r) => [r.key, r.name + "|" + r.id.split("|")[1]])));
    };
  };
})"""


@pytest.fixture
def members_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, xlsform(MEMBER)).survey
    db.commit()
    channel_for(survey.id, token="tab", mode="kiosk", languages=["en"], idle_seconds=300)
    channel_for(survey.id, token="nojs")
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    return survey


def chosen(tablet, index: int):  # type: ignore[no-untyped-def]
    return tablet.locator(f'[id="q_member[{index}]/photo-chosen"]')


def test_the_middle_member_removed_offline_takes_its_photo_and_the_third_moves_down(
    tablet, live_server, members_kiosk, db, app, tmp_path
):
    paths = []
    for _name, width, file_name in PEOPLE:
        path = tmp_path / file_name
        path.write_bytes(picture(width).getvalue())
        paths.append(path)
    unlock(tablet, live_server)
    choose(tablet, "en")
    offline(tablet, True)
    for index, ((name, _width, file_name), path) in enumerate(zip(PEOPLE, paths, strict=True), start=1):
        tablet.fill(f'[name="q_member[{index}]/name"]', name)
        tablet.set_input_files(f'input[type=file][name="q_member[{index}]/photo"]', str(path))
        chosen(tablet, index).filter(has_text=f"File chosen: {file_name}").wait_for()
        tablet.click("#next")
        if index < 3:
            tablet.click("section.page:not([hidden]) button[data-add]")
    assert tablet.evaluate(DRAFT_FILES) == {
        f"member[{i}]/photo": f"{f}|member[{i}]/photo" for i, (_n, _w, f) in enumerate(PEOPLE, start=1)
    }
    tablet.click("#back")  # from the prompt to member 3
    tablet.click("#back")  # member 2
    assert tablet.input_value('[name="q_member[2]/name"]') == "Ben"
    tablet.click("section.page:not([hidden]) button[data-remove]")
    assert tablet.input_value('[name="q_member[2]/name"]') == "Cy"
    assert chosen(tablet, 2).inner_text() == "File chosen: cy.png"
    want = {"member[1]/photo": "ana.png|member[1]/photo", "member[2]/photo": "cy.png|member[2]/photo"}
    for _ in range(300):  # the store follows in its own transaction (up to 30 s on a loaded machine)
        if tablet.evaluate(DRAFT_FILES) == want:
            break
        tablet.wait_for_timeout(100)
    assert tablet.evaluate(DRAFT_FILES) == want
    # A reload (as on a language switch) finds each photo under its new key.
    tablet.reload()
    chosen(tablet, 2).filter(has_text="File chosen: cy.png").wait_for()
    tablet.click("#next")  # the prompt
    tablet.click("#next")  # no more
    tablet.fill('[name="q_after"]', "no")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    held = tablet.evaluate(OUTBOX)
    assert held["drafts"] == 0
    [item] = held["items"]
    assert {k: f["name"] for k, f in item["files"].items()} == {
        "member[1]/photo": "ana.png",
        "member[2]/photo": "cy.png",
    }
    offline(tablet, False)
    tablet.evaluate("window.KioskOutbox.flush()")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'", timeout=30000)
    kiosk = db.scalars(select(Response).where(Response.id == item["id"])).one()
    on_tablet = stored_files(db, kiosk.id)
    assert set(on_tablet) == {"member[1]/photo", "member[2]/photo"}

    # The same walk through the server's pages, without JavaScript.
    person = Respondent(app.test_client(), token="nojs")
    person.open()
    for index, ((name, _width, file_name), path) in enumerate(zip(PEOPLE, paths, strict=True), start=1):
        person.post(
            {
                f"member[{index}]/name": name,
                f"member[{index}]/photo": (io.BytesIO(path.read_bytes()), file_name),
            }
        )
        if index < 3:
            person.post(action="add")
    person.open("/p/1")
    person.post({"member[2]/name": "Ben"}, action="remove")
    person.open("/p/2")  # the prompt after the second
    person.post(action="next")  # no more
    person.post({"after": "no"})
    person.submit()
    db.expire_all()
    paged = db.scalars(select(Response).where(Response.id != kiosk.id)).one()
    assert paged.status == kiosk.status == "complete"
    assert stored_files(db, paged.id) == on_tablet
    files = set(on_tablet)
    assert {k: v for k, v in kiosk.answer_map().items() if k not in files} == {
        k: v for k, v in paged.answer_map().items() if k not in files
    }
    assert kiosk.answer_map()["member[2]/name"] == "Cy"
    assert "member[3]/photo" not in kiosk.answer_map()


COUNTED = [
    {"type": "integer", "name": "hh_size", "label::en": "How many live here?"},
    {"type": "begin repeat", "name": "member", "label::en": "Household member", "repeat_count": "${hh_size}"},
    {"type": "image", "name": "photo", "label::en": "A photo"},
    {"type": "end repeat", "name": ""},
]


def test_a_photo_of_an_instance_a_lower_count_drops_is_not_sent(  # type: ignore[no-untyped-def]
    tablet, live_server, db, xlsform, channel_for, tmp_path
):
    survey = import_survey(db, xlsform(COUNTED)).survey
    db.commit()
    channel_for(survey.id, token="tab", mode="kiosk", languages=["en"], idle_seconds=300)
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    unlock(tablet, live_server)
    choose(tablet, "en")
    offline(tablet, True)
    tablet.fill('[name="q_hh_size"]', "2")
    tablet.click("#next")
    for index, (_name, width, file_name) in enumerate(PEOPLE[:2], start=1):
        path = tmp_path / file_name
        path.write_bytes(picture(width).getvalue())
        tablet.set_input_files(f'input[type=file][name="q_member[{index}]/photo"]', str(path))
        chosen(tablet, index).filter(has_text=f"File chosen: {file_name}").wait_for()
        if index < 2:
            tablet.click("#next")
    tablet.click("#back")
    tablet.click("#back")
    tablet.fill('[name="q_hh_size"]', "1")
    tablet.click("#next")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    held = tablet.evaluate(OUTBOX)
    assert held["drafts"] == 0  # the dropped instance's photo left the tablet too
    [item] = held["items"]
    assert {k: f["name"] for k, f in item["files"].items()} == {"member[1]/photo": "ana.png"}
    offline(tablet, False)
    tablet.evaluate("window.KioskOutbox.flush()")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'", timeout=30000)
    assert set(stored_files(db, item["id"])) == {"member[1]/photo"}


def test_a_household_removed_offline_takes_its_members_photos_the_next_ones_move_up(  # type: ignore[no-untyped-def]
    tablet, live_server, db, xlsform, channel_for, tmp_path
):
    survey = import_survey(db, xlsform(NESTED)).survey
    db.commit()
    channel_for(survey.id, token="tab", mode="kiosk", languages=["en"], idle_seconds=300)
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    unlock(tablet, live_server)
    choose(tablet, "en")
    offline(tablet, True)
    walk = (("Elm", (("Ana", 11, "ana.png"), ("Ben", 22, "ben.png"))), ("Oak", (("Dee", 44, "dee.png"),)))
    for h, (street, members) in enumerate(walk, start=1):
        tablet.fill(f'[name="q_household[{h}]/street"]', street)
        tablet.click("#next")
        for m, (name, width, file_name) in enumerate(members, start=1):
            key = f"household[{h}]/member[{m}]/photo"
            path = tmp_path / file_name
            path.write_bytes(picture(width).getvalue())
            tablet.fill(f'[name="q_household[{h}]/member[{m}]/name"]', name)
            tablet.set_input_files(f'input[type=file][name="q_{key}"]', str(path))
            tablet.locator(f'[id="q_{key}-chosen"]').filter(has_text=f"File chosen: {file_name}").wait_for()
            tablet.click("#next")  # the members' prompt
            if m < len(members):
                tablet.click("section.page:not([hidden]) button[data-add]")
        tablet.click("#next")  # no more members: the households' prompt
        if h < 2:
            tablet.click("section.page:not([hidden]) button[data-add]")
    while not tablet.locator('[name="q_household[1]/street"]').is_visible():
        tablet.click("#back")
    tablet.click('section.page:not([hidden]) button[data-remove="household"]')
    assert tablet.input_value('[name="q_household[1]/street"]') == "Oak"
    want = {"household[1]/member[1]/photo": "dee.png|household[1]/member[1]/photo"}
    for _ in range(300):
        if tablet.evaluate(DRAFT_FILES) == want:
            break
        tablet.wait_for_timeout(100)
    assert tablet.evaluate(DRAFT_FILES) == want
    tablet.click("#next")  # Dee
    assert tablet.input_value('[name="q_household[1]/member[1]/name"]') == "Dee"
    assert tablet.inner_text('[id="q_household[1]/member[1]/photo-chosen"]') == "File chosen: dee.png"
    tablet.click("#next")  # the members' prompt
    tablet.click("#next")  # no more members
    tablet.click("#next")  # no more households
    tablet.wait_for_selector("#done:not([hidden])")
    [item] = tablet.evaluate(OUTBOX)["items"]
    assert {k: f["name"] for k, f in item["files"].items()} == {"household[1]/member[1]/photo": "dee.png"}
    offline(tablet, False)
    tablet.evaluate("window.KioskOutbox.flush()")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'", timeout=30000)
    assert set(stored_files(db, item["id"])) == {"household[1]/member[1]/photo"}
    answers = db.scalars(select(Response).where(Response.id == item["id"])).one().answer_map()
    assert answers["household[1]/member[1]/name"] == "Dee"
    assert "household[2]/member[1]/photo" not in answers
