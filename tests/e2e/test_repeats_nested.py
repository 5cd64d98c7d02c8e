"""In Chromium, on a phone: households and members within each added and removed with the page's
buttons, to the thank-you page, with the same stored answers as the walk without JavaScript
(tests/public/test_repeats_nested.py); axe finds nothing. (The kiosk's offline page asks the same
form: tests/e2e/test_kiosk_repeats_nested.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey

from ..fixtures.browser import audit
from ..public.test_repeats_nested import households_rows

pytestmark = pytest.mark.browser


def test_households_and_members_walked_in_chromium(phone, live_server, db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, xlsform(households_rows())).survey
    db.commit()
    channel_for(survey.id, token="census")

    def next_page(action: str = "next") -> None:
        phone.click(f"button[name=action][value={action}]")
        phone.wait_for_load_state()

    phone.goto(f"{live_server}/s/census")
    phone.fill('input[name="q_household[1]/hh_name"]', "North")
    next_page()
    assert "Household 1 › Member 1" in phone.content()
    audit(phone, "nested-repeats-member")
    for index, name in enumerate(("Ana", "Ben", "Cy"), start=1):
        phone.fill(f'input[name="q_household[1]/member[{index}]/mname"]', name)
        next_page()
        if index < 3:
            next_page("add")
    audit(phone, "nested-repeats-prompt")
    phone.goto(f"{live_server}/s/census/p/2")
    next_page("remove")  # Ben goes; Cy moves into second place
    assert phone.input_value('input[name="q_household[1]/member[2]/mname"]') == "Cy"
    next_page()
    next_page()  # no more members
    next_page("add")  # a second household
    phone.fill('input[name="q_household[2]/hh_name"]', "South")
    next_page()
    phone.fill('input[name="q_household[2]/member[1]/mname"]', "Dee")
    next_page()
    next_page()  # no more members
    next_page()  # no more households
    phone.fill('input[name="q_after"]', "no")
    next_page()
    assert "Household 2 › Member 1" in phone.content()
    phone.click("button[type=submit]")
    phone.wait_for_load_state()
    assert "Thank you" in phone.content()
    db.expire_all()
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
