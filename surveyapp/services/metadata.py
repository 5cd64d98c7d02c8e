"""The metadata an ODK client records by itself (`start`, `end`, `today`, `username`, ...), recorded
from what the server knows about a response, so that a Kobo or ODK form imports with them and an
export has their columns where its authors expect them. What a browser cannot tell (a phone's
number, its SIM, a device id, an audit log) is left empty rather than made up.
"""

from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo

from ..models import Response


def metadata_value(kind: str, response: Response, timezone: str | tzinfo) -> str:
    """The value of one metadata type for a stored response ("" when the server cannot know it);
    `timezone` is TIMEZONE's name or the zone itself."""
    if kind == "start":
        return response.started_at.isoformat()
    if kind == "end":
        return response.completed_at.isoformat() if response.completed_at else ""
    if kind == "today":
        zone = ZoneInfo(timezone) if isinstance(timezone, str) else timezone
        return response.started_at.astimezone(zone).date().isoformat()
    if kind == "username" and response.entered_by_id is not None:
        return f"staff:{response.entered_by_id}"  # assisted entry: who transcribed it
    return ""
