"""Partner organizations and the channels through which a survey reaches people."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

CHANNEL_MODES = ("link", "kiosk", "assisted")


class Partner(Base):
    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), default="cbo")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Channel(Base):
    """One way in to one survey: a token in a link, a QR poster, a kiosk, or assisted entry."""

    __tablename__ = "channels"
    __table_args__ = (
        CheckConstraint(f"mode IN {CHANNEL_MODES}", name="mode_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    mode: Mapped[str] = mapped_column(String(20), default="link")
    default_language: Mapped[str | None] = mapped_column(String(20))
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    survey = relationship("Survey", lazy="joined")
    partner = relationship("Partner", lazy="joined")

    def accepts_answers(self, now: datetime) -> bool:
        """Closed or expired channels show a clear page instead of the survey."""
        return self.is_open and (self.expires_at is None or self.expires_at > now)
