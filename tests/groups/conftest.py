"""One open focus-group session (the demo and signing in come from tests/fixtures/staff.py)."""

from datetime import timedelta

import pytest

from surveyapp.models import FocusGroup, Partner, utcnow


@pytest.fixture
def group(db):  # type: ignore[no-untyped-def]
    partner = Partner(slug="p", name="Partner", kind="cbo", languages=["en", "so"])
    db.add(partner)
    db.flush()
    start = utcnow() + timedelta(days=7)
    group = FocusGroup(
        token="fg1",
        title={"en": "Getting to training", "so": "Gaarista tababarka"},
        description={"en": "A conversation."},
        prompts=[],
        timezone="America/Chicago",
        address={"en": "Room 2"},
        host_partner_id=partner.id,
        languages=["en", "so", "ar"],
        provided=["childcare", "meal"],
        capacity=2,
        starts_at=start,
        ends_at=start + timedelta(hours=1, minutes=30),
    )
    db.add(group)
    db.commit()
    return group
