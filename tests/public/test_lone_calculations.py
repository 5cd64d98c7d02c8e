"""Calculates outside every group (Kobo's forms often begin or end with them) join the page before
or after them that everyone gets: the person never sees a page with nothing on it, and each
calculation applies where it did."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import read_xlsform, to_xlsx

from .respondent import Respondent

ROWS = [
    {"type": "start", "name": "start"},
    {"type": "calculate", "name": "wave", "calculation": "'w2'"},
    {"type": "begin group", "name": "one", "label::en": "One"},
    {"type": "text", "name": "a", "label::en": "Your name?"},
    {"type": "end group"},
    {"type": "calculate", "name": "shout", "calculation": "concat(${a}, '!')"},
    {"type": "begin group", "name": "two", "label::en": "Two", "relevant": "${a} != 'skip'"},
    {"type": "note", "name": "n", "label::en": "Hello ${shout}"},
    {"type": "end group"},
    {"type": "calculate", "name": "size", "calculation": "string-length(${a})"},
]


def test_calculations_outside_groups_make_no_empty_page(app, db, xlsform, channel_for, tmp_path):
    path = xlsform(ROWS)
    definition = read_xlsform(path).definition
    pages = [(p["name"], [q["name"] for q in p["questions"]]) for p in definition["pages"]]
    # The last calculation follows a page not everyone gets: it keeps a page of its own, as it must
    # apply to everyone, but a page of only calculates is never shown nor counted.
    assert pages == [("one", ["wave", "a", "shout"]), ("two", ["n"]), ("_size", ["size"])]
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(definition, "test"))
    assert read_xlsform(again).definition == definition

    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    assert "Page 1 of 2" in person.open("/p/0").get_data(as_text=True)
    text = person.post({"a": "Ana"}).get_data(as_text=True)
    assert "Page 2 of 2" in text
    assert 'Hello <span data-pipe="shout">Ana!</span>' in text
    person.post({})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {"wave": "w2", "a": "Ana", "shout": "Ana!", "size": "3"}


BETWEEN = [
    {"type": "select_one yn", "name": "go", "label::en": "Go on?"},
    {"type": "begin group", "name": "one", "label::en": "One", "relevant": "${go} = 'yes'"},
    {"type": "text", "name": "a", "label::en": "Your name?"},
    {"type": "end group"},
    {"type": "calculate", "name": "shout", "calculation": "concat(${go}, '!')"},
    {"type": "begin group", "name": "two", "label::en": "Two", "relevant": "${go} = 'yes'"},
    {"type": "text", "name": "b", "label::en": "Your town?"},
    {"type": "end group"},
]
CHOICES = [
    {"list_name": "yn", "name": "yes", "label::en": "Yes"},
    {"list_name": "yn", "name": "no", "label::en": "No"},
]


def _walk_between(app, db, xlsform, channel_for, go, pages):
    path = xlsform(BETWEEN, choices=CHOICES)
    definition = read_xlsform(path).definition
    names = [p["name"] for p in definition["pages"]]
    assert "_shout" in names  # its own page: no neighbour applies to everyone
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    text = person.open("/p/0").get_data(as_text=True)
    assert "Page 1 of 3" in text
    seen = []
    text = person.post({"go": go}).get_data(as_text=True)
    for values in pages:
        seen.append(text)
        text = person.post(values).get_data(as_text=True)
    seen.append(text)  # the review: a section per page shown, none for the calculates' page
    assert text.count('<section class="review">') == len(pages) + 1
    person.submit()
    return db.scalars(select(Response)).one().answer_map(), seen


def test_calculates_between_conditional_groups_are_never_a_page(app, db, xlsform, channel_for):
    answers, seen = _walk_between(app, db, xlsform, channel_for, "yes", [{"a": "Ana"}, {"b": "Oslo"}])
    assert "Page 2 of 3" in seen[0]
    assert "Your name?" in seen[0]
    assert "Page 3 of 3" in seen[1]
    assert "Your town?" in seen[1]
    assert answers == {"go": "yes", "a": "Ana", "shout": "yes!", "b": "Oslo"}


def test_calculates_between_skipped_groups_are_still_computed(app, db, xlsform, channel_for):
    answers, seen = _walk_between(app, db, xlsform, channel_for, "no", [])
    assert answers == {"go": "no", "shout": "no!"}
