"""A response sent whole from an offline tablet is named by the server from its answers, on receipt:
the tablet sends answers only, and a name it sends is refused like any unknown answer."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from surveyapp.models import KioskSession, Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from ..fixtures.staff import PASSWORD, unlock


def test_the_server_names_a_kiosk_response_on_receipt(app, db, xlsform, channel_for):
    path = xlsform(
        [
            {"type": "text", "name": "village", "label::en": "Village?", "required": "yes"},
            {"type": "integer", "name": "size", "label::en": "Household size?"},
        ],
        settings={"instance_name": "concat(${village}, '-', ${size})"},
    )
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id, token="kt", mode="kiosk", languages=["en"])
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    tablet = app.test_client()
    assert unlock(tablet).status_code == 302
    kiosk = db.scalar(select(KioskSession.id))

    def send(answers):  # type: ignore[no-untyped-def]
        return tablet.post(
            "/k/kt/responses",
            json={"kiosk": kiosk, "id": str(uuid.uuid4()), "lang": "en", "answers": answers},
        )

    forged = send({"village": "Lakeside", "size": "4", "instance_name": "someone else"})
    assert forged.status_code == 422
    assert db.scalar(select(func.count()).select_from(Response)) == 0
    assert send({"village": "Lakeside", "size": "4"}).status_code == 201
    response = db.scalars(select(Response)).one()
    assert (response.status, response.instance_name) == ("complete", "Lakeside-4")
