"""The admin's preview of a `style pages` form with a loop inside a field-list group: the loop's
groups on the group's page, as respondents see it (tests/public/test_style_pages_loops.py)."""

from __future__ import annotations

import re

from surveyapp.services.surveys import import_survey

from ..fixtures.staff import csrf_of
from ..public.test_style_pages_loops import ON_THE_PAGE, loop_pages_form


def test_the_preview_shows_the_loop_on_the_field_list_page(demo, sign_in, xlsform):
    survey = import_survey(demo, loop_pages_form(xlsform)).survey
    demo.commit()
    admin = sign_in("admin@demo.test")
    base = f"/admin/preview/{survey.current_version_id}"
    first = admin.get(f"{base}?lang=en")
    assert "Page 1 of 3" in first.get_data(as_text=True)
    saved = admin.post(f"{base}/p/0", data={"csrf_token": csrf_of(first), "q_name": "Ana", "action": "next"})
    assert saved.headers["Location"].endswith(f"{base}/p/1")
    page = admin.get(f"{base}/p/1?lang=en").get_data(as_text=True)
    assert "Page 2 of 3" in page
    assert list(dict.fromkeys(re.findall(r'name="q_([^"]+)"', page))) == ON_THE_PAGE
    assert '<h2 class="group-label">Vehicles › Car</h2>' in page
    assert "How many bike work?" in page
