"""Phone numbers as people write them: `(701) 555-0142`, `+1 701 555 0142` and `701-555-0142` are one
number, stored in E.164; a sign-up with several mistakes gets every message at once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from surveyapp.models import Signup
from surveyapp.services.phones import normalize_phone, shown_phone

from .test_signup import sign_up


@pytest.mark.parametrize(
    ("raw", "region", "stored"),
    [
        ("(701) 555-0142", "US", "+17015550142"),
        ("+1 701 555 0142", "US", "+17015550142"),
        ("701-555-0142", "US", "+17015550142"),
        ("701.555.0142", "US", "+17015550142"),
        ("٧٠١ ٥٥٥ ٠١٤٢", "US", "+17015550142"),
        ("0112", "KE", None),
        ("0712 345678", "KE", "+254712345678"),
        ("+252 61 234 5678", "US", "+252612345678"),
        ("555 123 4567", "US", None),
        ("12", "US", None),
        ("call me", "US", None),
        ("", "US", None),
    ],
)
def test_numbers_are_read_in_the_region_and_kept_in_e164(raw, region, stored):
    assert normalize_phone(raw, region) == stored


def test_a_stored_number_is_shown_as_it_is_dialled():
    assert shown_phone("+17015550142", "US") == "(701) 555-0142"
    assert shown_phone("+252612345678", "US") == "+252 61 234 5678"


def test_the_same_number_written_three_ways_is_one_person(client, group, db):
    assert sign_up(client, phone="(701) 555-0142").status_code == 303
    for written in ("+1 701 555 0142", "701-555-0142"):
        again = sign_up(client.application.test_client(), lang="en", phone=written, name="H.")
        assert again.status_code == 422
        assert "You are already signed up for this session" in again.get_data(as_text=True)
    signup = db.scalars(select(Signup)).one()
    assert signup.phone == "+17015550142"
    assert signup.contact_key == "tel:+17015550142"


def test_the_phone_message_gives_an_example_of_the_region(client, group, app, monkeypatch):
    answer = sign_up(client, lang="en", phone="555 123 4567")
    assert answer.status_code == 422
    assert "Please enter a phone number we can call, for example (201) 555-0123." in answer.get_data(
        as_text=True
    )
    monkeypatch.setitem(app.config, "PHONE_REGION", "KE")
    assert "for example 0712 123456." in sign_up(client, lang="en", phone="x").get_data(as_text=True)
    assert sign_up(client, lang="en", phone="0712 345678").status_code == 303


def test_every_mistake_of_a_sign_up_is_shown_at_once(client, group, db):
    """Consent, name and phone wrong together: three messages in one round, not one per round."""
    answer = sign_up(client, lang="en", name="", phone="12", consent_contact="")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Please tell us what to call you." in html
    assert html.count("Please tell us what to call you.") == 1
    assert "Please enter a phone number we can call" in html
    assert "We need your permission to contact you about the session." in html
    assert db.scalar(select(func.count()).select_from(Signup)) == 0


def test_an_unknown_region_is_refused_at_start(monkeypatch, tmp_path):
    from surveyapp.config import Config

    monkeypatch.setenv("PHONE_REGION", "xx")
    with pytest.raises(RuntimeError, match="PHONE_REGION=XX is not a region code"):
        Config(str(tmp_path)).check()
