"""The staff tests' own `tablet`: a test client with the kiosk unlocked (in tests/e2e, `tablet` is
a browser). The shared staff fixtures and helpers are in tests/fixtures/staff.py."""

from __future__ import annotations

import pytest

# Kept importable from here for tests written before tests/fixtures/ existed.
from tests.fixtures.staff import (  # noqa: F401
    CSRF,
    PASSWORD,
    PIN,
    csrf_of,
    csrf_token,
    demo,
    kiosk_channel,
    sign_in,
    unlock,
)


@pytest.fixture
def tablet(client, kiosk_channel):  # type: ignore[no-untyped-def]  # noqa: F811
    assert unlock(client).status_code == 302
    return client
