"""Forms as pyxform writes them run as their authors wrote them: a nested group applies only where its
enclosing groups apply, and a select whose list pyxform moved to `itemset` keeps its choices."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import parse_xlsform

from .respondent import Respondent

CHOICES = [
    {"list_name": "yn", "name": "yes", "label::en": "Yes"},
    {"list_name": "yn", "name": "no", "label::en": "No"},
]


def nested_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "select_one yn", "name": "works", "label::en": "Do you work?", "required": "yes"},
            {"type": "begin group", "name": "job", "label::en": "Your job", "relevant": "${works} = 'yes'"},
            {"type": "text", "name": "employer", "label::en": "Employer"},
            {"type": "begin group", "name": "shifts", "label::en": "Shifts", "relevant": "${employer} != ''"},
            {
                "type": "select_one yn",
                "name": "nights",
                "label::en": "Night shifts?",
                "parameters": "randomize=true",
            },
            {"type": "end group"},
            {"type": "end group"},
            {"type": "text", "name": "hardest", "label::en": "What is hardest?"},
        ],
        CHOICES,
    )


def test_a_nested_group_keeps_its_enclosing_groups_relevance(xlsform):
    pages = {p["name"]: p for p in parse_xlsform(nested_form(xlsform))["pages"]}
    assert pages["shifts"]["relevant"] == "(${works} = 'yes') and (${employer} != '')"
    assert pages["job"]["relevant"] == "${works} = 'yes'"


def test_a_skipped_section_is_not_asked_and_a_randomized_select_keeps_its_choices(
    app, db, xlsform, channel_for
):
    survey = import_survey(db, nested_form(xlsform)).survey
    db.commit()
    channel_for(survey.id)
    worker = Respondent(app.test_client())
    worker.open("/p/0")
    page = worker.post({"works": "yes"})
    assert 'name="q_employer"' in page.get_data(as_text=True)
    page = worker.post({"employer": "A clinic"})
    text = page.get_data(as_text=True)
    assert 'name="q_nights"' in text
    assert 'value="yes"' in text
    assert 'value="no"' in text
    worker.post({"nights": "yes"})

    other = Respondent(app.test_client())
    other.open("/p/0")
    page = other.post({"works": "no"})
    text = page.get_data(as_text=True)
    assert 'name="q_nights"' not in text
    assert 'name="q_employer"' not in text
    assert 'name="q_hardest"' in text
    other.post({"hardest": "Finding work"})
    other.submit()
    stored = {r.answer_map().get("works"): r.answer_map() for r in db.scalars(select(Response))}
    assert stored["no"] == {"works": "no", "hardest": "Finding work"}
