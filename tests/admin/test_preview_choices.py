"""An admin's preview offers a select's choices as a respondent's page does: filtered by earlier pages'
answers (kept for the preview) and in the random order of `randomize`."""

from __future__ import annotations

import re

from surveyapp.services.surveys import import_survey

from ..fixtures.staff import csrf_of
from ..public.test_choice_filter import SEVEN, cascade_form


def test_the_preview_filters_and_orders_choices(demo, sign_in, xlsform):
    version_id = import_survey(demo, cascade_form(xlsform)).survey.current_version_id
    demo.commit()
    admin = sign_in("admin@demo.test")
    first = admin.get(f"/admin/preview/{version_id}")
    moved = admin.post(
        f"/admin/preview/{version_id}/p/0",
        data={"csrf_token": csrf_of(first), "q_county": "south", "action": "next"},
    )
    html = admin.get(moved.headers["Location"]).get_data(as_text=True)
    assert re.findall(r'name="q_city" value="(\w+)"', html) == ["cedar"]
    assert re.findall(r'name="q_shuffled" value="(\w+)"', html) == SEVEN
