"""All tables, imported here so that Alembic and create_all see the whole metadata."""

from .base import Base, utcnow
from .org import CHANNEL_MODES, Channel, Partner
from .response import Answer, Response
from .survey import Survey, SurveyVersion

__all__ = [
    "CHANNEL_MODES",
    "Answer",
    "Base",
    "Channel",
    "Partner",
    "Response",
    "Survey",
    "SurveyVersion",
    "utcnow",
]
