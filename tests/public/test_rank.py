"""`rank LIST`: every choice put in order, one select per position, stored as ODK stores it (the
names space-separated, first ranked first); selected-at and count-selected read it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import parse_xlsform, read_xlsform, to_xlsx

from .respondent import Respondent

CHOICES = [
    {"list_name": "needs", "name": n, "label::en": label, "label::es": es}
    for n, label, es in (
        ("care", "Childcare", "Cuidado infantil"),
        ("bus", "Transport", "Transporte"),
        ("pay", "Pay", "Salario"),
    )
]


def rank_form(xlsform, required="yes"):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {
                "type": "rank needs",
                "name": "order",
                "label::en": "Rank what matters most",
                "label::es": "Ordene lo más importante",
                "required": required,
            },
            {"type": "calculate", "name": "first", "calculation": "selected-at(${order}, 0)"},
            {"type": "calculate", "name": "count", "calculation": "count-selected(${order})"},
            {
                "type": "text",
                "name": "why",
                "label::en": "Why?",
                "relevant": "selected-at(${order}, 0) = 'pay'",
            },
        ],
        CHOICES,
    )


@pytest.fixture
def rank_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, rank_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def test_a_ranking_is_stored_in_order_and_read_by_expressions(app, db, rank_survey):
    person = Respondent(app.test_client())
    page = person.open("/p/0").get_data(as_text=True)
    assert page.count('name="q_order"') == 3
    assert "Rank 1" in page
    assert "Rank 3" in page
    assert "Childcare" in page
    person.post({"order": ["pay", "care", "bus"], "why": "Rent"})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {"order": "pay care bus", "first": "pay", "count": "3", "why": "Rent"}


@pytest.mark.parametrize(
    ("positions", "message"),
    [
        (["pay", "pay", "bus"], "Each option can have only one rank"),
        (["pay", "", "bus"], "Please give every option a rank"),
        (["pay", "care", "rent"], "Please choose from the options in the list."),
        (["", "", ""], "This question needs an answer."),
    ],
)
def test_a_ranking_with_a_choice_twice_or_missing_gets_a_message(app, rank_survey, positions, message):
    person = Respondent(app.test_client())
    person.open("/p/0")
    page = person.post({"order": positions})
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert message in text
    assert 'id="q_order-error"' in text
    # The positions chosen are still chosen.
    if positions[0] == "pay":
        assert '<option value="pay" selected>' in text


def test_a_stored_ranking_shows_in_its_positions_in_the_persons_language(app, rank_survey):
    person = Respondent(app.test_client())
    person.open("/p/0?lang=es")
    person.post({"order": ["bus", "pay", "care"]})
    text = person.open("/p/0").get_data(as_text=True)
    first, second, third = (text.index(f'id="q_order{suffix}"') for suffix in ("", "-2", "-3"))
    assert text.index('<option value="bus" selected>', first) < second
    assert text.index('<option value="pay" selected>', second) < third
    assert text.index('<option value="care" selected>', third) > third
    assert "Transporte" in text


def test_rank_round_trips(xlsform, tmp_path):
    parsed = read_xlsform(rank_form(xlsform, required="no"))
    question = parsed.definition["pages"][0]["questions"][0]
    assert (question["type"], question["list_name"]) == ("rank", "needs")
    assert not parsed.warnings
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert parse_xlsform(again) == parsed.definition


def test_the_review_page_shows_a_ranking_by_its_labels_in_order(app, rank_survey):
    person = Respondent(app.test_client())
    person.open("/p/0")
    text = person.post({"order": ["bus", "pay", "care"], "why": ""}).get_data(as_text=True)
    assert "/review" in person.page.request.path
    assert "Transport, Pay, Childcare" in text


def test_a_ranking_default_must_order_every_choice_once(xlsform):

    def with_default(value):  # type: ignore[no-untyped-def]
        return xlsform(
            [{"type": "rank needs", "name": "order", "label::en": "Rank", "default": value}], CHOICES
        )

    parsed = read_xlsform(with_default("pay bus care"))
    assert parsed.definition["pages"][0]["questions"][0]["default"] == "pay bus care"
    half = read_xlsform(with_default("pay bus"))  # ODK imports it and selects nothing
    assert half.definition["pages"][0]["questions"][0]["default"] is None
    assert any("The default pay bus is not an answer this question takes" in str(w) for w in half.warnings)
