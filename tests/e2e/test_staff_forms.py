"""Every staff form filled and submitted in Chromium as a person does it: by the labels and button
names they see, never by posting data directly. Each submit's effect is checked in the database or on
the page that follows: partners, channels, accounts, an XLSForm upload, a focus-group session created
and edited, a scribe's note, and the theme curation forms (rename, merge, hide, move an answer)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from surveyapp.models import AuditEvent, Channel, FocusGroup, GroupNote, Partner, Survey, User

from ..fixtures.browser import audit, sign_in

pytestmark = pytest.mark.browser


def test_an_admin_adds_a_partner_a_channel_an_account_and_uploads_a_form(
    laptop, live_server, demo, db, small_form
):
    page = laptop
    sign_in(page, live_server, "admin@demo.test")

    page.get_by_role("link", name="Add a partner organization").click()
    page.get_by_label("Name", exact=True).fill("Riverside Library")
    page.get_by_label("Short name in links").fill("riverside")
    page.get_by_label("Languages served").fill("en so")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    partner = db.scalar(select(Partner).where(Partner.slug == "riverside"))
    assert partner is not None
    assert partner.name == "Riverside Library"
    assert partner.languages == ["en", "so"]

    page.goto(f"{live_server}/admin/")
    page.get_by_role("link", name="Add a channel").click()
    page.get_by_label("Name", exact=True).fill("Library table")
    page.get_by_label("Link token").fill("library-table")
    page.get_by_label("Partner organization").select_option(label="Riverside Library")
    page.get_by_label("Place").fill("Front desk")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    channel = db.scalar(select(Channel).where(Channel.token == "library-table"))
    assert channel is not None
    assert (channel.name, channel.partner_id, channel.place) == ("Library table", partner.id, "Front desk")

    page.goto(f"{live_server}/admin/")
    page.get_by_role("link", name="Add a staff account").click()
    page.get_by_label("Email").fill("new.analyst@demo.test")
    page.get_by_label("Name", exact=True).fill("Nasra")
    page.get_by_label("Role").select_option("analyst")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Account created").wait_for()
    assert "new.analyst@demo.test" in page.content()
    user = db.scalar(select(User).where(User.email == "new.analyst@demo.test"))
    assert user is not None
    assert user.role == "analyst"

    page.goto(f"{live_server}/admin/")
    page.get_by_label("XLSForm (.xlsx)").set_input_files(str(small_form))
    page.get_by_role("button", name="Upload XLSForm").click()
    page.wait_for_load_state()
    assert "Imported small" in page.content()
    assert db.scalar(select(Survey).where(Survey.slug == "small")) is not None


def test_an_upload_with_warnings_is_previewed_then_published(laptop, live_server, demo, db, xlsform):
    page = laptop
    form = xlsform(
        survey=[
            {
                "type": "select_one yn",
                "name": "works",
                "label::en": "Do you work?",
                "required": "yes",
                "appearance": "image-map",
            },
            {"type": "begin group", "name": "job", "label::en": "Your work", "relevant": "${works} = 'yes'"},
            {"type": "text", "name": "where", "label::en": "Where do you work?"},
            {"type": "end group"},
        ],
        choices=[
            {"list_name": "yn", "name": "yes", "label::en": "Yes"},
            {"list_name": "yn", "name": "no", "label::en": "No"},
        ],
        settings={"form_title": "Work", "form_id": "work", "version": "3", "style": "theme-grid"},
        name="work.xlsx",
    )
    sign_in(page, live_server, "admin@demo.test")
    page.get_by_label("XLSForm (.xlsx)").set_input_files(str(form))
    page.get_by_role("button", name="Upload XLSForm").click()
    page.get_by_role("button", name="Publish this version").wait_for()
    warnings = page.get_by_role("table")
    assert "appearance" in warnings.inner_text()
    assert "style" in warnings.inner_text()
    audit(page, "staff-upload-warnings")
    survey = db.scalar(select(Survey).where(Survey.slug == "work"))
    assert survey is not None
    assert survey.current_version_id is None  # not yet: the admin has not confirmed

    page.get_by_role("link", name="Preview this version").click()
    assert page.get_by_text("Preview: nothing you enter is stored.").is_visible()
    page.get_by_role("button", name="Next").click()  # nothing chosen: the respondent's message
    assert page.get_by_text("This question needs an answer.").is_visible()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Where do you work?").fill("At the bakery")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("heading", name="End of the preview").wait_for()
    page.get_by_role("link", name="Back to the version").click()

    page.get_by_role("button", name="Publish this version").click()
    page.get_by_text("is published: its links now serve it").wait_for()
    db.expire_all()
    survey = db.scalar(select(Survey).where(Survey.slug == "work"))
    assert survey.current_version is not None
    assert survey.current_version.version == "3"
    assert "survey.publish" in [e.action for e in db.scalars(select(AuditEvent))]


def test_a_facilitator_creates_and_edits_a_session_and_the_scribe_notes(laptop, live_server, demo, db):
    page = laptop
    sign_in(page, live_server, "facilitator@demo.test")
    page.get_by_role("link", name="Focus groups").first.click()
    page.get_by_role("link", name="New focus-group session").click()
    audit(page, "staff-group-form")

    page.get_by_role("button", name="Save").click()  # nothing filled: every problem explained
    assert page.get_by_text("Please choose at least one language.").is_visible()
    audit(page, "staff-group-form-errors")

    page.get_by_label("Title (English)", exact=True).fill("Evening classes")
    page.get_by_label("Title (Soomaali)", exact=True).fill("Fasallada fiidkii")
    page.get_by_label("Date").fill("2031-03-04")
    page.get_by_label("Starts at").fill("17:30")
    page.get_by_label("Ends at").fill("19:00")
    page.get_by_label("Time zone").fill("America/Chicago")
    page.get_by_label("Address (English)", exact=True).fill("Library, room 2")
    page.get_by_label("Transit (English)", exact=True).fill("Bus 4 stops at the door.")
    page.get_by_label("Transit (Soomaali)", exact=True).fill("Baska 4 wuxuu istaagaa albaabka.")
    host = page.get_by_label("Host partner organization").locator("option").nth(1).inner_text()
    page.get_by_label("Host partner organization").select_option(label=host)
    page.get_by_role("checkbox", name="English").check()
    page.get_by_role("checkbox", name="Soomaali").check()
    page.get_by_role("checkbox", name="Childcare").check()
    page.get_by_role("checkbox", name="A meal").focus()
    page.keyboard.press("Space")  # a checkbox is reachable and ticked from the keyboard too
    page.get_by_label("Seats").fill("8")
    page.get_by_label("Facilitator").select_option(label="facilitator@demo.test")
    page.get_by_label("Discussion prompts, one per line").fill("What makes evenings hard?\nWhat helps?")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("cell", name="Evening classes").wait_for()
    group = db.scalar(select(FocusGroup).where(FocusGroup.title["en"].as_string() == "Evening classes"))
    assert group is not None
    assert group.address == {"en": "Library, room 2"}
    assert group.transit_notes == {"en": "Bus 4 stops at the door.", "so": "Baska 4 wuxuu istaagaa albaabka."}
    assert group.parking_notes == {}
    assert group.title == {"en": "Evening classes", "so": "Fasallada fiidkii"}
    assert group.languages == ["en", "so"]
    assert group.provided == ["childcare", "meal"]
    assert group.capacity == 8
    assert group.host_partner.name == host
    assert group.starts_at.isoformat() == "2031-03-04T23:30:00+00:00"  # 17:30 in Chicago
    assert [p["text"]["en"] for p in group.prompts] == ["What makes evenings hard?", "What helps?"]
    # The sign-up page gives the place note in the reader's language, the address in the session's
    # first language where it has none of its own.
    listing = page.url
    page.goto(f"{live_server}/g/{group.token}?lang=so")
    assert page.get_by_text("Baska 4 wuxuu istaagaa albaabka.").is_visible()
    assert page.get_by_text("Library, room 2").is_visible()
    assert page.get_by_text("Bus 4 stops at the door.").count() == 0
    page.goto(f"{live_server}/g/{group.token}?lang=en")
    assert page.get_by_text("Bus 4 stops at the door.").is_visible()
    page.goto(listing)

    page.get_by_role("row", name=re.compile("Evening classes")).get_by_role("link", name="Edit").click()
    assert page.get_by_role("checkbox", name="Soomaali").is_checked()
    audit(page, "staff-group-form-edit")
    page.get_by_role("checkbox", name="Soomaali").uncheck()
    page.get_by_role("checkbox", name="Childcare").uncheck()
    page.get_by_role("checkbox", name="Help with transportation").check()
    page.get_by_label("Seats").fill("10")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("cell", name="Evening classes").wait_for()
    db.refresh(group)
    assert group.languages == ["en"]
    assert group.provided == ["meal", "transportation"]
    assert group.capacity == 10

    page.get_by_role("row", name=re.compile("Evening classes")).get_by_role("link", name="Notes").click()
    first = page.get_by_role("region", name="What makes evenings hard?")
    first.get_by_label("Note", exact=True).fill("The bus stops at seven.")
    first.get_by_label("Language of the note").select_option(label="English")
    first.get_by_role("button", name="Save the note").click()
    page.get_by_text("The bus stops at seven.").wait_for()
    note = db.scalars(select(GroupNote).where(GroupNote.group_id == group.id)).one()
    assert (note.prompt_id, note.language, note.text) == ("p1", "en", "The bus stops at seven.")


def test_an_analyst_curates_the_themes(laptop, live_server, demo, db, analysed):
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")
    page.get_by_role("link", name="Dashboard").click()
    page.locator(".dashboard-nav").get_by_role("link", name="Themes").click()
    page.locator("article.theme").first.wait_for()

    def theme(n: int):  # type: ignore[no-untyped-def]
        article = page.locator("article.theme").nth(n)
        article.get_by_text("Edit this theme").click()
        return article

    first = theme(0)
    first.get_by_label("New name").fill("Getting there")
    with page.expect_navigation():
        first.get_by_role("button", name="Rename").click()
    page.get_by_role("heading", name=re.compile("^Getting there")).wait_for()

    titles_before = page.locator("article.theme h2").count()
    first = theme(0)
    merged_away = first.get_by_label("Merge another theme into this one").locator("option").first.inner_text()
    first.get_by_label("Merge another theme into this one").select_option(label=merged_away)
    with page.expect_navigation():
        first.get_by_role("button", name="Merge").click()
    page.get_by_text("merged with").first.wait_for()
    expect(page.locator("article.theme h2")).to_have_count(titles_before - 1)

    last = theme(page.locator("article.theme").count() - 1)
    hidden_name = last.locator("h2").inner_text().split("\n")[0].rsplit(" ", 4)[0]
    last.get_by_role("button", name="Hide this theme").click()
    page.get_by_role("heading", name="Hidden themes").wait_for()
    assert hidden_name.split()[0] in page.locator("section", has_text="Hidden themes").inner_text()

    page.locator("article.theme").first.get_by_role("link", name=re.compile("^All answers of")).click()

    def people_count() -> int:
        """The theme's people, as the themes page gives them ("27% · 88 people")."""
        status = page.get_by_role("status").filter(has_text=re.compile(r"\d+ (people|person)$"))
        return int(re.search(r"(\d+) (people|person)$", status.inner_text())[1])

    count_before = people_count()
    moved_text = page.locator("ol.answers blockquote").first.inner_text()
    answer = page.locator("ol.answers li").first
    with page.expect_navigation():
        answer.get_by_role("button", name="Move", exact=True).click()
    page.get_by_text("Saved. The next analysis run keeps this change.").wait_for()
    # One person fewer, unless another of their answers names the theme too.
    assert count_before - 1 <= people_count() <= count_before
    assert page.locator("ol.answers blockquote", has_text=moved_text).count() == 0


def test_an_admin_filters_the_audit_log_and_downloads_it(laptop, live_server, demo, db):
    sign_in(laptop, live_server, "admin@demo.test")
    laptop.goto(f"{live_server}/admin/audit")
    audit(laptop, "admin-audit-log")
    laptop.fill("#who", "admin@")
    laptop.select_option("#action", "login.success")
    laptop.fill("#since", "2020-01-01")
    laptop.click("form.filters button.primary")
    laptop.wait_for_load_state()
    assert "who=admin%40" in laptop.url
    rows = laptop.locator("tbody tr").all_inner_texts()
    assert rows
    assert all("admin@demo.test" in row and "login.success" in row for row in rows)
    with laptop.expect_download() as download:
        laptop.click("text=Download these events (CSV)")
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "at_utc,actor,action,target,ip,detail"
    assert all(",login.success," in line for line in text.splitlines()[1:])
