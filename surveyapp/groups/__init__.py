"""Focus-group sign-up (`/g/<token>`): anonymous, in the person's language, JavaScript not needed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("groups", __name__)

PROVISION_LABELS = {
    "interpretation": _l("Interpretation"),
    "childcare": _l("Childcare"),
    "meal": _l("A meal"),
    "transportation": _l("Help with transportation"),
    "stipend": _l("A gift card for your time"),
    "accessibility": _l("An accessible room"),
}


@bp.app_template_global()
def local_time(moment: datetime, timezone: str, lang: str, time_only: bool = False) -> str:
    """A session's time in its own time zone, written the way the person's language writes dates."""
    local = moment.astimezone(ZoneInfo(timezone))
    locale = lang.replace("-", "_") or "en"
    try:
        if time_only:
            return format_time(local, format="short", locale=locale)
        return (
            f"{format_date(local, format='full', locale=locale)}, "
            f"{format_time(local, format='short', locale=locale)}"
        )
    except (ValueError, LookupError):
        return local.strftime("%Y-%m-%d %H:%M")


@bp.app_template_global()
def provision_label(code: str) -> str:
    return str(PROVISION_LABELS.get(code, code))


from . import signup  # noqa: E402,F401  (routes register on import)
