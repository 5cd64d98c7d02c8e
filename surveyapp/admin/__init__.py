"""Administration (`/admin`): partners, channels, staff accounts, survey upload, the audit log.

Admins only (the backbone organization); the role check covers every route of the blueprint.
"""

from flask import Blueprint

from ..auth import staff_only

bp = Blueprint("admin", __name__, url_prefix="/admin")
staff_only(bp, {"admin"})

from . import (  # noqa: E402,F401  (routes register on import)
    accounts,
    audit_log,
    channels,
    home,
    partners,
    preview,
    signups,
    surveys,
)
