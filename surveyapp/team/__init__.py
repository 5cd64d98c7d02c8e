"""The team's focus-group pages (`/team/groups`): sessions, the roster and check-in, the needs summary,
the scribe's notes, roster exports. Admins and facilitators; each session's roster only to admins and
that session's facilitator and scribe. Every view and export of the roster is audit-logged."""

from flask import Blueprint

from ..auth import staff_only

bp = Blueprint("team_groups", __name__, url_prefix="/team/groups")
staff_only(bp, {"admin", "facilitator"})

from . import groups  # noqa: E402,F401  (routes register on import)
