"""Columns that change how a question shows: `guidance_hint` (folded under the hint, translated),
`appearance: multiline` (a text area); an appearance the app does not honour is a named warning."""

from __future__ import annotations

from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import read_xlsform

from .respondent import Respondent


def display_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {
                "type": "text",
                "name": "story",
                "label::en": "Tell us more",
                "appearance": "multiline",
                "hint::en": "A few sentences",
                "guidance_hint::en": "Ask slowly; let them finish.",
                "guidance_hint::es": "Pregunte despacio; déjelos terminar.",
            },
            {"type": "integer", "name": "age", "label::en": "Age", "appearance": "thousands-sep"},
        ]
    )


def test_guidance_is_folded_under_the_hint_and_multiline_is_a_text_area(app, db, xlsform, channel_for):
    survey = import_survey(db, display_form(xlsform)).survey
    db.commit()
    channel_for(survey.id)
    text = Respondent(app.test_client()).open("/p/0?lang=es").get_data(as_text=True)
    assert '<textarea id="q_story" name="q_story"' in text
    assert '<details class="guidance"><summary>' in text
    assert "Pregunte despacio; déjelos terminar." in text


def test_an_appearance_not_honoured_is_a_warning_naming_it(xlsform):
    warnings = [str(w) for w in read_xlsform(display_form(xlsform)).warnings]
    assert any("thousands-sep" in w and "row 3" in w for w in warnings), warnings
    assert not any("multiline" in w for w in warnings), warnings
