"""In Chromium, on a phone: a form whose calculations read a member of a given household with
indexed-repeat()'s two levels, walked to the thank-you page with the same stored values as the walk
without JavaScript (tests/public/test_indexed_repeat_levels.py); axe finds nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey

from ..fixtures.browser import audit
from ..public.test_indexed_repeat_levels import rows

pytestmark = pytest.mark.browser


def test_a_member_of_a_given_household_in_chromium(phone, live_server, db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, xlsform(rows())).survey
    db.commit()
    channel_for(survey.id, token="homes")

    def next_page(action: str = "next") -> None:
        phone.click(f"button[name=action][value={action}]")
        phone.wait_for_load_state()

    phone.goto(f"{live_server}/s/homes")
    phone.fill('input[name="q_household[1]/size"]', "2")
    next_page()
    for index, name in ((1, "Ana"), (2, "Ben")):
        phone.fill(f'input[name="q_household[1]/member[{index}]/mname"]', name)
        next_page()
    audit(phone, "indexed-repeat-prompt")
    next_page("add")
    phone.fill('input[name="q_household[2]/size"]', "1")
    next_page()
    phone.fill('input[name="q_household[2]/member[1]/mname"]', "Cy")
    next_page()
    next_page()  # no more households
    phone.fill('input[name="q_after"]', "no")
    next_page()
    phone.click("button[type=submit]")
    phone.wait_for_load_state()
    assert "Thank you" in phone.content()
    db.expire_all()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers["second_of_first"] == "Ben"
    assert answers["first_of_second"] == "[Cy]"
    assert answers["third_of_second"] == "[]"
    assert answers["household[2]/first_head"] == "Ana"
