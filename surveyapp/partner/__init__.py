"""Partner view (`/p/`): a liaison's own organization, its channels, posters, counts and progress.

Liaisons see their organization only, and counts only, never individual answers; admins see every
partner. The role check covers the blueprint; the organization check is `visible_partner`.
"""

from flask import Blueprint

from ..auth import staff_only

bp = Blueprint("partner", __name__, url_prefix="/p")
staff_only(bp, {"admin", "liaison"})

from . import views  # noqa: E402,F401  (routes register on import)
