"""All tables, imported here so that Alembic and create_all see the whole metadata."""

from .analysis import RUN_STATUSES, AnalysisRun, ThemeAssignment, ThemeCode, ThemeCuration
from .answer_file import AnswerFile
from .base import Base, utcnow
from .codebook import CodebookVersion
from .groups import CONTACT_METHODS, PROVISIONS, FocusGroup, GroupNote, Signup
from .org import CHANNEL_MODES, PARTNER_KINDS, Channel, Partner, PartnerTarget
from .outbox import OutboxRefusal
from .response import Answer, Response
from .staff import ROLES, AuditEvent, KioskSession, LoginThrottle, RecoveryCode, StaffSession, User
from .stems import AnswerStems
from .survey import Survey, SurveyMedia, SurveyVersion

__all__ = [
    "CHANNEL_MODES",
    "CONTACT_METHODS",
    "PROVISIONS",
    "PARTNER_KINDS",
    "ROLES",
    "RUN_STATUSES",
    "AnalysisRun",
    "Answer",
    "AnswerFile",
    "AnswerStems",
    "AuditEvent",
    "Base",
    "Channel",
    "CodebookVersion",
    "FocusGroup",
    "GroupNote",
    "KioskSession",
    "OutboxRefusal",
    "LoginThrottle",
    "Partner",
    "PartnerTarget",
    "RecoveryCode",
    "Response",
    "Signup",
    "StaffSession",
    "Survey",
    "SurveyMedia",
    "SurveyVersion",
    "ThemeAssignment",
    "ThemeCode",
    "ThemeCuration",
    "User",
    "utcnow",
]
