"""All tables, imported here so that Alembic and create_all see the whole metadata."""

from .base import Base, utcnow
from .org import CHANNEL_MODES, PARTNER_KINDS, Channel, Partner, PartnerTarget
from .response import Answer, Response
from .staff import ROLES, AuditEvent, KioskSession, User
from .survey import Survey, SurveyVersion

__all__ = [
    "CHANNEL_MODES",
    "PARTNER_KINDS",
    "ROLES",
    "Answer",
    "AuditEvent",
    "Base",
    "Channel",
    "KioskSession",
    "Partner",
    "PartnerTarget",
    "Response",
    "Survey",
    "SurveyVersion",
    "User",
    "utcnow",
]
