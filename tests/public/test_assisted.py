"""Assisted entry: a liaison types in a paper survey; the response is flagged (its channel's mode) and
attributed to them. Only their own organization's channels."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.models import Response, User
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from ..fixtures.staff import PASSWORD, csrf_of
from ..public.respondent import Respondent
from ..public.test_take_survey import complete_small_survey


def _signed_in(app, email):  # type: ignore[no-untyped-def]
    client = app.test_client()
    page = client.get("/login")
    client.post("/login", data={"csrf_token": csrf_of(page), "email": email, "password": PASSWORD})
    return client


def test_liaison_enters_a_paper_survey_attributed_to_them(app, db, small_form, channel_for):
    survey = import_survey(db, small_form).survey
    db.commit()
    channel_for(survey.id, token="paper", mode="assisted")
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    client = _signed_in(app, "liaison@p.test")
    person = Respondent(client, token="paper", prefix="/e")
    complete_small_survey(person)
    assert "Enter another paper survey" in person.text()
    assert person.page.headers["Cache-Control"] == "no-store"
    response = db.scalars(select(Response)).one()
    liaison = db.scalar(select(User).where(User.email == "liaison@p.test"))
    assert response.status == "complete"
    assert response.entered_by_id == liaison.id
    assert response.channel.mode == "assisted"
    # The next paper survey is a new response.
    second = Respondent(client, token="paper", prefix="/e")
    assert "Page 1 of 3" in second.open().get_data(as_text=True)


def test_another_organization_and_other_roles_cannot_enter(app, db, demo):
    create_user(db, "liaison@other.test", "liaison", PASSWORD, partner_slug="st-marks")
    db.commit()
    assert _signed_in(app, "liaison@other.test").get("/e/demo-paper").status_code == 403
    assert _signed_in(app, "analyst@demo.test").get("/e/demo-paper").status_code == 403
    assert app.test_client().get("/e/demo-paper").status_code == 302
    # A public link is not an assisted channel, and the other way round.
    assert _signed_in(app, "liaison@demo.test").get("/e/demo").status_code == 404
    assert app.test_client().get("/s/demo-paper").status_code == 404
