"""Repeats within repeats as ODK runs them, without JavaScript: households, and members within each
household, added and removed at both levels, every answer kept under a key that names each level
(`household[2]/member[1]/mname`), `${name}` read in the nearest instance and `repeat_count` read in
the outer one."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.exports import response_table
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user
from surveyapp.services.xlsform import parse_xlsform, read_xlsform, to_xlsx

from ..fixtures.staff import PASSWORD, unlock
from .respondent import Respondent


def households_rows() -> list[dict[str, str]]:
    """Households (added by the person), members within each (added too), a count per household."""
    return [
        {"type": "begin repeat", "name": "household", "label::en": "Household"},
        {"type": "text", "name": "hh_name", "label::en": "Name of the household"},
        {"type": "begin repeat", "name": "member", "label::en": "Member"},
        {"type": "text", "name": "mname", "label::en": "Name of a member of ${hh_name}"},
        {"type": "end repeat", "name": ""},
        {"type": "calculate", "name": "hh_members", "calculation": "count(${member})"},
        {"type": "end repeat", "name": ""},
        {"type": "calculate", "name": "people", "calculation": "count(${mname})"},
        {"type": "text", "name": "after", "label::en": "Anything else?"},
    ]


def counted_rows() -> list[dict[str, str]]:
    """Each household says how many members it has; jobs within each member, counted too."""
    return [
        {"type": "begin repeat", "name": "household", "label::en": "Household"},
        {"type": "integer", "name": "size", "label::en": "How many people live here?"},
        {"type": "begin repeat", "name": "member", "label::en": "Member", "repeat_count": "${size}"},
        {"type": "text", "name": "mname", "label::en": "Name"},
        {
            "type": "integer",
            "name": "age",
            "label::en": "Age of ${mname}, member ${pos} of ${size}",
            "constraint": ". < 130",
        },
        {"type": "calculate", "name": "pos", "calculation": "position(..)"},
        {"type": "end repeat", "name": ""},
        {"type": "calculate", "name": "oldest", "calculation": "max(${age})"},
        {"type": "end repeat", "name": ""},
        {"type": "calculate", "name": "ages", "calculation": "sum(${age})"},
        {"type": "text", "name": "after", "label::en": "Anything else?"},
    ]


def test_households_and_members_are_added_and_removed_without_javascript(app, db, xlsform, channel_for):
    survey = import_survey(db, xlsform(households_rows())).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open()
    assert "Household 1" in person.text()
    page = person.post({"household[1]/hh_name": "North"})
    text = page.get_data(as_text=True)
    assert "Household 1 › Member 1" in text
    assert 'name="q_household[1]/member[1]/mname"' in text
    assert 'Name of a member of <span data-pipe="household[1]/hh_name">North</span>' in text
    for index, name in ((1, "Ana"), (2, "Ben"), (3, "Cy")):
        page = person.post({f"household[1]/member[{index}]/mname": name})
        assert "Add another Member" in page.get_data(as_text=True)
        if index < 3:
            page = person.post(action="add")
            assert f"Member {index + 1}" in page.get_data(as_text=True)
    person.open("/p/2")  # Ben, the second member of the first household
    assert 'value="Ben"' in person.text()
    page = person.post({"household[1]/member[2]/mname": "Ben"}, action="remove")
    assert 'value="Cy"' in page.get_data(as_text=True)  # the third moved to second place
    page = person.post({"household[1]/member[2]/mname": "Cy"})
    page = person.post(action="next")  # no more members: on to the households' prompt
    assert "Add another Household" in page.get_data(as_text=True)
    page = person.post(action="add")
    assert "Household 2" in page.get_data(as_text=True)
    page = person.post({"household[2]/hh_name": "South"})
    assert "Household 2 › Member 1" in page.get_data(as_text=True)
    page = person.post({"household[2]/member[1]/mname": "Dee"})
    page = person.post(action="next")  # no more members in the second household
    page = person.post(action="next")  # no more households
    assert "Anything else?" in page.get_data(as_text=True)
    page = person.post({"after": "no"})
    review = page.get_data(as_text=True)
    assert "Household 2 › Member 1" in review
    page = person.submit()
    assert page.status_code == 200
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {
        "household[1]/hh_name": "North",
        "household[1]/member[1]/mname": "Ana",
        "household[1]/member[2]/mname": "Cy",
        "household[1]/member[count]": "2",
        "household[1]/hh_members": "2",
        "household[2]/hh_name": "South",
        "household[2]/member[1]/mname": "Dee",
        "household[2]/hh_members": "1",
        "household[count]": "2",
        "people": "3",
        "after": "no",
    }


def test_removing_an_outer_instance_moves_its_inner_instances_down(app, db, xlsform, channel_for):
    survey = import_survey(db, xlsform(households_rows())).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open()
    person.post({"household[1]/hh_name": "North"})
    person.post({"household[1]/member[1]/mname": "Ana"})
    person.post(action="next")
    person.post(action="add")
    person.post({"household[2]/hh_name": "South"})
    person.post({"household[2]/member[1]/mname": "Dee"})
    person.post(action="add")
    person.post({"household[2]/member[2]/mname": "Eve"})
    person.open("/p/0")
    page = person.post({"household[1]/hh_name": "North"}, action="remove")
    text = page.get_data(as_text=True)
    assert 'value="South"' in text
    assert "Household 1" in text
    page = person.post({"household[1]/hh_name": "South"})
    assert 'value="Dee"' in page.get_data(as_text=True)
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers["household[1]/member[2]/mname"] == "Eve"
    assert answers["household[1]/member[count]"] == "2"
    assert answers["household[count]"] == "1"
    assert not any(name.startswith("household[2]/") for name in answers)


def test_repeat_count_is_read_in_each_outer_instance(app, db, xlsform, channel_for):
    survey = import_survey(db, xlsform(counted_rows())).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open()
    page = person.post({"household[1]/size": "2"})
    text = page.get_data(as_text=True)
    assert "Household 1 › Member 1" in text
    assert 'name="q_household[1]/member[1]/age"' in text
    page = person.post({"household[1]/member[1]/mname": "Ana", "household[1]/member[1]/age": "200"})
    assert page.status_code == 422  # the constraint holds per instance
    page = person.post({"household[1]/member[1]/mname": "Ana", "household[1]/member[1]/age": "40"})
    assert "Household 1 › Member 2" in page.get_data(as_text=True)
    page = person.post({"household[1]/member[2]/mname": "Ben", "household[1]/member[2]/age": "10"})
    assert "Add another Household" in page.get_data(as_text=True)  # exactly two members asked
    page = person.post(action="add")  # a second household, of one person
    page = person.post({"household[2]/size": "1"})
    page = person.post({"household[2]/member[1]/mname": "Cy", "household[2]/member[1]/age": "70"})
    assert "Add another Household" in page.get_data(as_text=True)  # exactly one member asked
    page = person.post(action="next")
    assert "Anything else?" in page.get_data(as_text=True)
    person.post({"after": "no"})
    person.submit()
    response = db.scalars(select(Response)).one()
    assert response.status == "complete"
    answers = response.answer_map()
    assert answers["household[1]/oldest"] == "40"
    assert answers["household[2]/oldest"] == "70"
    assert answers["household[2]/member[1]/pos"] == "1"
    assert answers["household[1]/member[2]/pos"] == "2"
    assert answers["ages"] == "120"
    assert "household[1]/member[count]" not in answers  # repeat_count: no count of the person's
    table = response_table(db, survey)
    assert [h for h in table.header if h.startswith("household[")] == [
        "household[1]/size",
        "household[1]/member[1]/mname",
        "household[1]/member[1]/age",
        "household[1]/member[1]/pos",
        "household[1]/member[2]/mname",
        "household[1]/member[2]/age",
        "household[1]/member[2]/pos",
        "household[1]/oldest",
        "household[2]/size",
        "household[2]/member[1]/mname",
        "household[2]/member[1]/age",
        "household[2]/member[1]/pos",
        "household[2]/oldest",
    ]
    row = dict(zip(table.header, table.rows[0], strict=True))
    assert row["household[2]/member[1]/mname"] == "Cy"
    assert row["ages"] == "120"


def test_a_nested_form_is_written_back_as_it_was_read(xlsform, tmp_path):
    for rows in (households_rows(), counted_rows()):
        parsed = read_xlsform(xlsform(rows))
        again = tmp_path / "again.xlsx"
        again.write_bytes(to_xlsx(parsed.definition, "test"))
        assert parse_xlsform(again) == parsed.definition


def test_a_kiosk_keeps_a_nested_form_offline(client, db, xlsform, channel_for):
    """The offline page holds one member of the first household; its script copies them per instance."""
    survey = import_survey(db, xlsform(households_rows())).survey
    db.commit()
    channel_for(survey.id, token="kt", mode="kiosk", languages=["en"])
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    assert unlock(client).status_code == 302
    start = client.get("/k/kt").get_data(as_text=True)
    assert "data-offline" in start
    assert "repeats within repeats" not in start
    offline = client.get("/k/kt/offline?lang=en")
    assert offline.status_code == 200
    page = offline.get_data(as_text=True)
    assert 'name="q_household[1]/member[1]/mname"' in page
    assert '<span data-instance="household">1</span> › Member <span data-instance="member">1</span>' in page
