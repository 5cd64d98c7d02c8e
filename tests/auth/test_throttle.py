"""Sign-in throttling slows guessing without locking anyone out.

Counted per (account, address) and per address, reserved before the password is checked: a burst
of parallel attempts checks at most the limit; the owner at another address still signs in; a kiosk's
exit form is counted apart from its address; the wait grows 1, 2, 4 ... minutes.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from surveyapp.models import AuditEvent, utcnow
from surveyapp.services import throttle

from ..fixtures.staff import PASSWORD, csrf_of, unlock


def _login(client, email, password=PASSWORD, address="10.0.0.1"):  # type: ignore[no-untyped-def]
    env = {"REMOTE_ADDR": address}
    page = client.get("/login", environ_base=env)
    return client.post(
        "/login", data={"csrf_token": csrf_of(page), "email": email, "password": password}, environ_base=env
    )


def _count(db, action: str) -> int:  # type: ignore[no-untyped-def]
    db.expire_all()
    return db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action)) or 0


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list:  # type: ignore[type-arg]
    """The throttle's time, moved forward by the test instead of sleeping."""
    now = [utcnow()]
    monkeypatch.setattr(throttle, "clock", lambda: now[0])
    return now


def test_five_wrong_attempts_from_five_addresses_do_not_lock_the_owner_out(app, demo):
    for n in range(5):
        assert (
            _login(app.test_client(), "admin@demo.test", "guess-guess", address=f"192.0.2.{n}").status_code
            == 401
        )
    assert _login(app.test_client(), "admin@demo.test", address="198.51.100.7").status_code == 302


def test_after_five_failures_the_pair_waits_and_the_wait_grows(app, demo, clock):
    client = app.test_client()
    for _ in range(5):
        assert _login(client, "analyst@demo.test", "guess-guess").status_code == 401
    refused = _login(client, "analyst@demo.test")
    assert refused.status_code == 429
    assert "wait 1 minute and" in refused.get_data(as_text=True)
    # The owner from another address is not slowed down by it.
    assert _login(app.test_client(), "analyst@demo.test", address="10.9.9.9").status_code == 302
    clock[0] += timedelta(minutes=1, seconds=1)
    assert _login(client, "analyst@demo.test", "guess-again").status_code == 401
    assert "wait 2 minutes" in _login(client, "analyst@demo.test").get_data(as_text=True)
    clock[0] += timedelta(minutes=2, seconds=1)
    assert _login(client, "analyst@demo.test", "guess-again").status_code == 401
    assert "wait 4 minutes" in _login(client, "analyst@demo.test").get_data(as_text=True)
    clock[0] += timedelta(minutes=4, seconds=1)
    assert _login(client, "analyst@demo.test").status_code == 302  # right password: counter reset
    assert _login(app.test_client(), "analyst@demo.test", "typo-typo").status_code == 401


def test_a_burst_of_parallel_wrong_attempts_checks_at_most_five_passwords(app: Flask, demo):
    def attempt(_n: int) -> int:
        return _login(app.test_client(), "admin@demo.test", "guess-guess").status_code

    with ThreadPoolExecutor(max_workers=12) as pool:
        codes = list(pool.map(attempt, range(12)))
    assert _count(demo, "login.failure") <= throttle.PAIR_LIMIT  # passwords actually checked
    assert _count(demo, "login.failure") + _count(demo, "login.throttled") == 12
    assert codes.count(429) >= 12 - throttle.PAIR_LIMIT
    assert set(codes) <= {401, 429}


def test_a_burst_on_a_kiosk_exit_form_does_not_stop_the_liaisons_unlock(app, demo, tablet, client):
    for n in range(25):
        page = client.get("/k/kt/exit")
        answer = client.post(
            "/k/kt/exit",
            data={"csrf_token": csrf_of(page), "email": f"guess{n % 3}@p.test", "password": "guess-guess"},
        )
        assert answer.status_code == 401
    # A new tablet at the same site address: the liaison's unlock works.
    assert unlock(app.test_client()).status_code == 302
    assert _login(app.test_client(), "liaison@p.test", address="127.0.0.1").status_code == 302


def test_one_address_trying_many_accounts_is_slowed_but_known_accounts_are_not(app, demo):
    assert _login(app.test_client(), "liaison@demo.test", address="10.1.1.1").status_code == 302
    for n in range(throttle.SOURCE_LIMIT):
        assert (
            _login(app.test_client(), f"nobody{n}@demo.test", "guess-guess", address="10.1.1.1").status_code
            == 401
        )
    assert (
        _login(app.test_client(), "someone@demo.test", "guess-guess", address="10.1.1.1").status_code == 429
    )
    # The liaison signed in from this address before: others' failures there do not hold them back.
    assert _login(app.test_client(), "liaison@demo.test", address="10.1.1.1").status_code == 302


def test_the_delay_grows_and_is_capped() -> None:
    assert throttle.delay_after(4, 5) is None
    assert [throttle.delay_after(n, 5) for n in (5, 6, 7)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
    ]
    assert throttle.delay_after(40, 5) == throttle.MAX_DELAY
