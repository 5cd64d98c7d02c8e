"""A liaison sees their own organization's channels, counts and posters, and nothing of others'."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from surveyapp.models import Channel, Response
from surveyapp.services.posters import unreachable_host


def test_liaison_sees_counts_progress_and_no_individual_answers(demo, sign_in):
    liaison = sign_in("liaison@demo.test")
    html = liaison.get("/p/demo-partner/").get_data(as_text=True)
    channel = demo.scalar(select(Channel).where(Channel.token == "demo"))
    complete = demo.scalars(
        select(Response).where(Response.channel_id == channel.id, Response.status == "complete")
    ).all()
    assert complete, "the demo has sample responses on its public link"
    assert f"{len(complete)} of 150 complete responses" in html
    row = re.search(r"<td>Public link.*?</tr>", html, re.S)
    assert row
    assert f"<td>{len(complete)}</td>" in row[0]
    assert "Welcome center tablet" in html
    assert "QR poster" in html
    for response in complete:
        for answer in response.answers:
            if answer.question in ("hardest", "help_most", "strengths") and len(answer.value) > 20:
                assert answer.value not in html, "individual answers are not for the partner view"


def test_liaison_cannot_see_another_organization(demo, sign_in):
    liaison = sign_in("liaison@demo.test")
    other = demo.scalar(select(Channel).where(Channel.token == "church-after-service"))
    assert liaison.get("/p/st-marks/").status_code == 403
    assert liaison.get("/p/no-such-partner/").status_code == 403
    assert liaison.get(f"/p/channels/{other.id}/poster").status_code == 403
    assert liaison.get(f"/p/channels/{other.id}/qr.png").status_code == 403


def test_admin_sees_every_partner(demo, sign_in):
    admin = sign_in("admin@demo.test")
    html = admin.get("/p/").get_data(as_text=True)
    assert "St. Mark" in html
    assert "Eastside Family Clinic" in html
    assert admin.get("/p/st-marks/").status_code == 200
    assert admin.get("/p/no-such-partner/").status_code == 404


def test_poster_has_the_qr_code_and_an_invitation_in_each_language(demo, sign_in, app):
    liaison = sign_in("liaison@demo.test")
    channel = demo.scalar(select(Channel).where(Channel.token == "demo"))
    channel.languages = ["en", "so", "ar"]
    demo.commit()
    html = liaison.get(f"/p/channels/{channel.id}/poster").get_data(as_text=True)
    assert "<svg" in html
    assert "http://localhost/s/demo" in html
    assert '<li lang="so" dir="ltr">' in html
    assert '<li lang="ar" dir="rtl">' in html
    # The invitation line is the interface string, translated into each language.
    assert "Scan the code with your phone" in html
    assert html.count("<li lang=") == 3
    png = liaison.get(f"/p/channels/{channel.id}/qr.png")
    assert png.status_code == 200
    assert png.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert "attachment" in png.headers["Content-Disposition"]
    svg = liaison.get(f"/p/channels/{channel.id}/qr.svg")
    assert svg.mimetype == "image/svg+xml"
    assert b"<svg" in svg.data


def test_poster_links_to_the_public_address_when_configured(demo, sign_in, app):
    liaison = sign_in("liaison@demo.test")
    channel = demo.scalar(select(Channel).where(Channel.token == "demo"))
    app.config["PUBLIC_URL"] = "https://survey.example.org"
    try:
        html = liaison.get(f"/p/channels/{channel.id}/poster").get_data(as_text=True)
    finally:
        app.config["PUBLIC_URL"] = ""
    assert "https://survey.example.org/s/demo" in html
    assert "cannot reach" not in html  # a public address configured: no warning on the poster


@pytest.mark.parametrize(
    ("link", "warned"),
    [
        ("http://127.0.0.1:5000/s/x", "127.0.0.1"),
        ("http://192.168.1.20/s/x", "192.168.1.20"),
        ("http://[::1]:8000/s/x", "::1"),
        ("http://10.0.0.5/s/x", "10.0.0.5"),
        ("http://kiosk-host.local/s/x", "kiosk-host.local"),
        ("http://tablet/s/x", "tablet"),
        ("http://survey.example.org/s/x", None),
        ("https://9.9.9.9/s/x", None),
        ("http://203.0.113.9/s/x", "203.0.113.9"),
    ],
)
def test_which_addresses_phones_elsewhere_cannot_reach(app, link, warned):
    with app.app_context():
        assert unreachable_host(link) == warned


def test_a_poster_opened_at_a_local_address_warns_before_it_is_printed(demo, sign_in):
    """Without PUBLIC_URL the code leads where the page was opened (here the test's `localhost`),
    which no phone on the street reaches."""
    liaison = sign_in("liaison@demo.test")
    channel = demo.scalar(select(Channel).where(Channel.token == "demo"))
    html = liaison.get(f"/p/channels/{channel.id}/poster").get_data(as_text=True)
    assert "leads to localhost, an address that phones outside this network cannot reach" in html
    assert "set PUBLIC_URL" in html
    assert 'class="warning no-print" role="alert"' in html
