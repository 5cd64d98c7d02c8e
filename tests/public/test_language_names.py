"""Language columns written by name without a code (`label::English`, `label::Français`), as many
ODK and Kobo forms have them: read as the language the name stands for, so its pages open in it; a
name no browser knows is a problem at the header, never a page that fails."""

from __future__ import annotations

import openpyxl
import pytest
from sqlalchemy import select

from surveyapp.models import Response, SurveyVersion
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user
from surveyapp.services.xlsform import XLSFormError, read_xlsform

from ..fixtures.staff import PASSWORD, unlock
from .respondent import Respondent


def named_form(path, second="Français"):  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in (
        ["type", "name", "label::English", f"label::{second}", "required", "required_message::English"],
        ["text", "name", "Your name?", "Votre nom ?", "yes", "Please give a name"],
        ["select_one yn", "ok", "All right?", "D'accord ?", "", ""],
    ):
        survey.append(row)
    choices = book.create_sheet("choices")
    for row in (["list_name", "name", "label::English", f"label::{second}"], ["yn", "yes", "Yes", "Oui"]):
        choices.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_id", "default_language"])
    settings.append(["named", "English"])
    book.save(path)
    return path


def test_a_language_written_by_its_name_is_read_as_its_code(app, db, channel_for, tmp_path):
    path = named_form(tmp_path / "named.xlsx")
    definition = read_xlsform(path).definition
    assert definition["languages"] == ["en", "fr"]
    assert definition["language_names"] == {"en": "English", "fr": "Français"}
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    text = person.open("?lang=fr").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in text
    assert "Votre nom ?" in text
    assert "Oui" in text
    english = Respondent(app.test_client())
    english.open("?lang=en")
    assert "Please give a name" in english.post({}).get_data(as_text=True)


def test_a_language_name_no_browser_knows_is_a_problem_at_its_header(tmp_path):
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(named_form(tmp_path / "odd.xlsx", second="Elvish Tongue"))
    found = [(p.sheet, p.row, str(p.message)) for p in refused.value.problems]
    assert found == [
        (
            "survey",
            1,
            "The language Elvish Tongue has no code a browser knows: write it with its code, as in "
            "label::Elvish Tongue (xx), where xx is its ISO 639 code.",
        )
    ]


def test_a_language_cldr_does_not_know_is_asked_in_its_column_with_the_interface_in_english(
    app, db, channel_for, tmp_path, sign_in
):  # type: ignore[no-untyped-def]
    """Dari written with its code (`label::Dari (prs)`): no locale of that code exists, so the page
    reads the Dari column under `<html lang="prs" dir="rtl">` and the buttons fall back to English."""
    path = named_form(tmp_path / "dari.xlsx", second="Dari (prs)")
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    page = person.open("?lang=prs")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<html lang="prs" dir="rtl">' in text
    assert "Votre nom ?" in text
    assert "Oui" in text
    assert "Next" in text  # the interface: the survey's source language, English
    review = person.post({"name": "Ali", "ok": "yes"}).get_data(as_text=True)
    assert "Votre nom ?" in review
    assert "Send my answers" in review
    thanks = person.submit()
    assert thanks.status_code == 200
    assert '<html lang="prs" dir="rtl">' in thanks.get_data(as_text=True)
    stored = db.scalars(select(Response)).one()
    assert (stored.status, stored.language) == ("complete", "prs")
    assert stored.answer_map() == {"name": "Ali", "ok": "yes"}
    # The admin's preview reads the same column.
    version = db.scalars(select(SurveyVersion)).one()
    create_user(db, "admin@p.test", "admin", PASSWORD)
    db.commit()
    staff = sign_in("admin@p.test")
    preview = staff.get(f"/admin/preview/{version.id}?lang=prs")
    assert preview.status_code == 200
    assert "Votre nom ?" in preview.get_data(as_text=True)


def test_a_kiosk_offers_a_language_cldr_does_not_know_online_and_offline(app, db, channel_for, tmp_path):  # type: ignore[no-untyped-def]
    """The kiosk's start screen names Dari by the author's name, right to left, and its whole-survey
    page (the offline kiosk) reads the Dari column with its checks' messages in English."""
    survey = import_survey(db, named_form(tmp_path / "dari.xlsx", second="Dari (prs)")).survey
    db.commit()
    channel_for(survey.id, token="kt", mode="kiosk", languages=["en", "prs"])
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    tablet = app.test_client()
    assert unlock(tablet).status_code == 302
    start = tablet.get("/k/kt").get_data(as_text=True)
    assert 'lang="prs" dir="rtl" hreflang="prs">Dari</a>' in start
    offline = tablet.get("/k/kt/offline?lang=prs")
    assert offline.status_code == 200
    html = offline.get_data(as_text=True)
    assert '<html lang="prs" dir="rtl">' in html
    assert "Votre nom ?" in html
    online = Respondent(tablet, token="kt", prefix="/k")
    page = online.open("/p?lang=prs")
    assert "Votre nom ?" in page.get_data(as_text=True)
