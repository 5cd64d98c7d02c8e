"""The demo a test gets is a copy of the one built at the session's first use
(tests/fixtures/snapshots.py): it must be the demo `load_demo` makes, and new rows must still get
ids of their own after the copy."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from surveyapp.models import Base, Channel, Partner, Response
from surveyapp.services.demo import load_demo

from .fixtures.snapshots import Snapshots, empty
from .fixtures.staff import PASSWORD


def _counts(db: Session) -> dict[str, int]:
    return {
        table.name: db.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }


def _unbuildable() -> None:
    pytest.fail("the demo was built again instead of copied")


def test_a_copy_of_the_demo_is_the_demo_load_demo_makes(
    app: Flask, db: Session, demo: Session, snapshots: Snapshots, sign_in
) -> None:  # type: ignore[no-untyped-def]
    built = _counts(db)
    assert built["responses"] == 321
    db.close()
    empty(app.extensions["db_engine"])
    snapshots.state("demo", _unbuildable)
    assert _counts(db) == built
    # Loading the demo on the copy finds every row already there, as on the demo itself.
    assert "0 sample responses added (321 in all)" in load_demo(db, PASSWORD)
    db.commit()
    assert _counts(db) == built
    assert sign_in("analyst@demo.test").get("/team/").status_code == 200
    # New rows get ids of their own next to the copied ones.
    partner = Partner(slug="new-partner", name="New", kind="cbo", languages=["en"])
    db.add(partner)
    db.flush()
    channel = Channel(
        token="new-channel",
        name="New",
        partner_id=partner.id,
        survey_id=db.scalar(select(Response.survey_id).limit(1)),
    )
    db.add(channel)
    db.commit()
    assert db.scalar(select(func.count()).select_from(Partner)) == built["partners"] + 1


def test_a_demo_asked_for_after_other_rows_is_loaded_next_to_them(
    small_survey: Channel, demo: Session
) -> None:
    tokens = set(demo.scalars(select(Channel.token)))
    assert {"t1", "demo", "demo-kiosk"} <= tokens
    assert demo.scalar(select(func.count()).select_from(Response)) == 321


def test_the_copy_keeps_the_databases_own_rules(demo: Session) -> None:
    """The triggers were off only for the copy: an answer of a complete response stays frozen."""
    response_id = demo.scalar(select(Response.id).where(Response.status == "complete").limit(1))
    with pytest.raises(DBAPIError, match="answers of a complete response are never changed"):
        demo.execute(text("UPDATE answers SET value = 'x' WHERE response_id = :id"), {"id": response_id})
    demo.rollback()
