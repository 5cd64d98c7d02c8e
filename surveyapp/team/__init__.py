"""The core team's pages.

`/team/groups` (admins, facilitators): focus-group sessions, the roster and check-in, the needs
summary, the scribe's notes, roster exports; each roster only to admins and that session's
facilitator and scribe, every view and export of it audit-logged.

`/team/` (admins, analysts): the dashboard: overview, themes and their curation, analysis runs,
disaggregation, closed questions, the printable report and exports. No personal data.
"""

from flask import Blueprint

from ..auth import staff_only

groups_bp = Blueprint("team_groups", __name__, url_prefix="/team/groups")
staff_only(groups_bp, {"admin", "facilitator"})

bp = Blueprint("team", __name__, url_prefix="/team")
staff_only(bp, {"admin", "analyst"})

from . import (  # noqa: E402,F401  (routes register on import)
    codebook,
    dashboard,
    exports,
    files,
    groups,
    theme_edits,
    theme_runs,
    themes,
)
