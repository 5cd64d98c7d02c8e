"""Staff pages in Chromium on a laptop-sized screen: sign in, administration, partner view, QR poster;
axe-core finds zero violations on each, and the poster prints on one page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from surveyapp.models import Channel

from ..fixtures.browser import audit, sign_in

pytestmark = pytest.mark.browser


def test_admin_pages_pass_axe(laptop, live_server, demo):
    laptop.goto(f"{live_server}/login")
    audit(laptop, "staff-login")
    sign_in(laptop, live_server, "admin@demo.test")
    assert laptop.url.endswith("/admin/")
    audit(laptop, "staff-admin")
    for path, name in (
        ("/admin/channels/new", "staff-channel"),
        ("/admin/partners/new", "staff-partner"),
        ("/admin/users/new", "staff-user"),
        ("/admin/audit", "staff-audit"),
    ):
        laptop.goto(live_server + path)
        audit(laptop, name)


def test_liaison_sees_their_partner_and_prints_a_poster(laptop, live_server, demo, db):
    sign_in(laptop, live_server, "liaison@demo.test")
    assert laptop.url.endswith("/p/demo-partner/")
    audit(laptop, "staff-partner-view")
    channel = db.scalar(select(Channel).where(Channel.token == "demo"))
    laptop.goto(f"{live_server}/p/channels/{channel.id}/poster")
    audit(laptop, "staff-poster")
    assert laptop.locator(".qr svg").is_visible()
    pdf = laptop.pdf(format="Letter")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the poster prints on {pages} pages"
