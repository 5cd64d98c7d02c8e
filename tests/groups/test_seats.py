"""Seats under pressure: parallel cancels of one sign-up free one seat, parallel sign-ups for the last
seats never overbook, and a waiting person moves up exactly once. Each case runs threads on separate
database connections (SQLite by default, PostgreSQL with TEST_DATABASE_URL), many trials each."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from surveyapp.models import FocusGroup, Partner, Signup, utcnow
from surveyapp.services import groups as service

from ..fixtures.staff import csrf_of

TRIALS = 6
PARALLEL = 4


def person(number: int) -> service.SignupData:
    return service.SignupData(
        name=f"Person {number}",
        contact_method="text",
        phone=f"612 555 {number:04d}",
        language="en",
        consent_contact=True,
    )


@pytest.fixture
def make_group(db: Session) -> Callable[..., FocusGroup]:
    """Factory: an open session with the given number of seats (a new partner per call is not needed)."""

    def make(capacity: int, token: str) -> FocusGroup:
        partner = db.scalar(select(Partner).where(Partner.slug == "seats"))
        if partner is None:
            partner = Partner(slug="seats", name="Seats", kind="cbo", languages=["en"])
            db.add(partner)
            db.flush()
        start = utcnow() + timedelta(days=7)
        group = FocusGroup(
            token=token,
            title={"en": "Seats"},
            languages=["en"],
            host_partner_id=partner.id,
            capacity=capacity,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
        db.add(group)
        db.commit()
        return group

    return make


def in_parallel(count: int, work: Callable[[int, threading.Barrier], Any]) -> list[Any]:
    """Run `work(i, barrier)` in `count` threads; every thread's exception is raised here."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = work(i, barrier)
        except BaseException as exc:  # noqa: BLE001 (re-raised in the main thread)
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def statuses(db: Session, group: FocusGroup) -> dict[str, int]:
    db.expire_all()
    rows = db.execute(
        select(Signup.status, func.count()).where(Signup.group_id == group.id).group_by(Signup.status)
    )
    return {status: count for status, count in rows}


def test_cancelling_one_sign_up_several_times_at_once_moves_up_one_waiting_person(app: Flask, db, make_group):
    group = make_group(capacity=1, token="seats-cancel")
    sessionmaker = app.extensions["db_sessionmaker"]
    for trial in range(TRIALS):
        db.execute(delete(Signup).where(Signup.group_id == group.id))
        db.commit()
        _, secret = service.sign_up(db, group, person(100 * trial))
        for waiting in range(1, PARALLEL + 1):
            service.sign_up(db, group, person(100 * trial + waiting))
        db.commit()

        def cancel(_i: int, barrier: threading.Barrier, secret: str = secret) -> None:
            with sessionmaker() as session:
                signup = service.find(session, session.get(FocusGroup, group.id), secret)
                assert signup is not None
                barrier.wait()  # every request has read the sign-up as confirmed before any cancels
                service.cancel(session, signup)
                session.commit()

        in_parallel(PARALLEL, cancel)
        assert statuses(db, group) == {"cancelled": 1, "confirmed": 1, "waitlisted": PARALLEL - 1}, trial


def test_parallel_sign_ups_for_the_last_seats_never_overbook(app: Flask, db, make_group):
    group = make_group(capacity=2, token="seats-signup")
    for trial in range(TRIALS):
        db.execute(delete(Signup).where(Signup.group_id == group.id))
        db.commit()
        service.sign_up(db, group, person(100 * trial))
        db.commit()

        def sign_up(i: int, barrier: threading.Barrier, trial: int = trial) -> int:
            client = app.test_client()
            page = client.get("/g/seats-signup?lang=en")
            barrier.wait()
            answer = client.post(
                "/g/seats-signup",
                data={
                    "csrf_token": csrf_of(page),
                    "name": f"P{i}",
                    "contact_method": "text",
                    "phone": f"612 555 {100 * trial + i + 1:04d}",
                    "language": "en",
                    "interpretation": "",
                    "consent_contact": "y",
                },
            )
            return answer.status_code

        assert in_parallel(PARALLEL, sign_up) == [303] * PARALLEL
        assert statuses(db, group) == {"confirmed": 2, "waitlisted": PARALLEL - 1}, trial


def test_parallel_cancel_requests_free_one_seat(app: Flask, db, make_group):
    group = make_group(capacity=1, token="seats-requests")
    for trial in range(TRIALS):
        db.execute(delete(Signup).where(Signup.group_id == group.id))
        db.commit()
        _, secret = service.sign_up(db, group, person(100 * trial))
        for waiting in range(1, PARALLEL + 1):
            service.sign_up(db, group, person(100 * trial + waiting))
        db.commit()
        link = f"/g/seats-requests/m/{secret}"

        def cancel(_i: int, barrier: threading.Barrier, link: str = link) -> int:
            client = app.test_client()
            page = client.get(link + "/cancel")
            barrier.wait()
            return client.post(
                link + "/cancel", data={"csrf_token": csrf_of(page), "confirm": "yes"}
            ).status_code

        assert in_parallel(PARALLEL, cancel) == [303] * PARALLEL
        assert statuses(db, group) == {"cancelled": 1, "confirmed": 1, "waitlisted": PARALLEL - 1}, trial


def test_more_seats_move_waiting_people_up_and_a_waiting_cancel_frees_nothing(db, make_group):
    group = make_group(capacity=1, token="seats-more")
    service.sign_up(db, group, person(1))
    _, waiting_secret = service.sign_up(db, group, person(2))
    for number in (3, 4):
        service.sign_up(db, group, person(number))
    db.commit()
    service.cancel(db, service.find(db, group, waiting_secret))
    db.commit()
    assert statuses(db, group) == {"confirmed": 1, "waitlisted": 2, "cancelled": 1}
    group.capacity = 2
    service.fill_seats(db, group.id)
    db.commit()
    assert statuses(db, group) == {"confirmed": 2, "waitlisted": 1, "cancelled": 1}
    moved = db.scalar(
        select(Signup).where(
            Signup.group_id == group.id, Signup.status == "confirmed", Signup.name == "Person 3"
        )
    )
    assert moved is not None  # the first in line, not the one who waited least


def test_adding_seats_on_the_session_form_moves_the_waiting_list_up(demo, sign_in, db):
    from ..fixtures.staff import csrf_of as token_of

    group = db.scalar(select(FocusGroup).where(FocusGroup.token == "demo-group"))
    seats = group.capacity
    for number in range(seats + 2):
        service.sign_up(db, group, person(number))
    db.commit()
    admin = sign_in("admin@demo.test")
    page = admin.get(f"/team/groups/{group.id}/edit")
    form = {
        "csrf_token": token_of(page),
        "title-en": group.title["en"],
        "date": "2031-03-04",
        "starts": "17:30",
        "ends": "19:00",
        "timezone": group.timezone,
        "host_partner_id": group.host_partner_id,
        "languages": group.languages,
        "capacity": str(seats + 1),
        "facilitator_id": group.facilitator_id or 0,
        "scribe_id": group.scribe_id or 0,
        "prompts": "One?",
        "is_open": "y",
    }
    assert admin.post(f"/team/groups/{group.id}/edit", data=form).status_code == 303
    assert statuses(db, group) == {"confirmed": seats + 1, "waitlisted": 1}
