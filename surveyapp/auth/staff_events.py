"""The audit event of a change made on a staff page: who made it and from which address, beside what
the page says it did. The caller's commit stores the event with the change."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from ..db import get_session
from ..models import User
from ..services import audit
from .views import client_address


def acting_user() -> User:
    """The signed-in staff member (the object itself, not Flask-Login's proxy)."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def record_event(action: str, target: str = "", **detail: Any) -> None:
    audit.record(get_session(), action, user=acting_user(), target=target, ip=client_address(), **detail)
