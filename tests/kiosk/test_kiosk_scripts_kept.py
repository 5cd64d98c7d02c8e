"""The start screen has the service worker keep every script the offline page loads: a survey with
repeats loads its rules (survey-repeats.js) and their drawing (offline-repeats.js), which must open
without a network too."""

from __future__ import annotations

import re

from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from ..fixtures.staff import PASSWORD, unlock
from ..public.test_repeats import children_rows

SCRIPT = re.compile(r'<script src="([^"]+)"')


def test_the_start_screen_keeps_every_script_of_a_survey_with_repeats(client, db, xlsform, channel_for):
    survey = import_survey(db, xlsform(children_rows())).survey
    db.commit()
    channel_for(survey.id, token="kt", mode="kiosk", languages=["en"])
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    assert unlock(client).status_code == 302
    start = client.get("/k/kt").get_data(as_text=True)
    kept = set(start.split('data-assets="', 1)[1].split('"', 1)[0].split())
    scripts = SCRIPT.findall(client.get("/k/kt/offline?lang=en").get_data(as_text=True))
    assert {"/static/survey-repeats.js", "/static/offline-repeats.js"} <= set(scripts)
    assert set(scripts) <= kept
