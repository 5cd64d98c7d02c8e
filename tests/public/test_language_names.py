"""Language columns written by name without a code (`label::English`, `label::Français`), as many
ODK and Kobo forms have them: read as the language the name stands for, so its pages open in it; a
name no browser knows is a problem at the header, never a page that fails."""

from __future__ import annotations

import openpyxl
import pytest

from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import XLSFormError, read_xlsform

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
