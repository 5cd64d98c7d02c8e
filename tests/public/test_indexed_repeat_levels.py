"""indexed-repeat() over two levels as ODK runs it: the answer of a member of a given household,
read outside every repeat and from within another household's instance."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey

from .respondent import Respondent


def rows() -> list[dict[str, str]]:
    """Households of a given size; a household names the first household's first member, and the
    survey the first household's second member and the second household's first."""
    return [
        {"type": "begin repeat", "name": "household", "label::en": "Household"},
        {"type": "integer", "name": "size", "label::en": "How many people live here?"},
        {"type": "begin repeat", "name": "member", "label::en": "Member", "repeat_count": "${size}"},
        {"type": "text", "name": "mname", "label::en": "Name"},
        {"type": "end repeat", "name": ""},
        {
            "type": "calculate",
            "name": "first_head",
            "calculation": "indexed-repeat(${mname}, ${household}, 1, ${member}, 1)",
        },
        {"type": "end repeat", "name": ""},
        {
            "type": "calculate",
            "name": "second_of_first",
            "calculation": "indexed-repeat(${mname}, ${household}, 1, ${member}, 2)",
        },
        {
            "type": "calculate",
            "name": "first_of_second",
            "calculation": "concat('[', indexed-repeat(${mname}, ${household}, 2, ${member}, 1), ']')",
        },
        {
            "type": "calculate",
            "name": "third_of_second",
            "calculation": "concat('[', indexed-repeat(${mname}, ${household}, 2, ${member}, 3), ']')",
        },
        {"type": "text", "name": "after", "label::en": "Anything else?"},
    ]


def test_a_member_of_a_given_household_is_read_by_its_two_indexes(app, db, xlsform, channel_for):
    survey = import_survey(db, xlsform(rows())).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open()
    person.post({"household[1]/size": "2"})
    person.post({"household[1]/member[1]/mname": "Ana"})
    page = person.post({"household[1]/member[2]/mname": "Ben"})
    assert "Add another Household" in page.get_data(as_text=True)
    person.post(action="add")
    person.post({"household[2]/size": "1"})
    page = person.post({"household[2]/member[1]/mname": "Cy"})
    page = person.post(action="next")
    assert "Anything else?" in page.get_data(as_text=True)
    person.post({"after": "no"})
    assert person.submit().status_code == 200
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers["second_of_first"] == "Ben"
    assert answers["first_of_second"] == "[Cy]"
    assert answers["third_of_second"] == "[]"  # household 2 has one member
    # Within household 2 the household named is household 1, as ODK overrides the level it is read in.
    assert answers["household[1]/first_head"] == "Ana"
    assert answers["household[2]/first_head"] == "Ana"
