"""Partner organizations and the channels through which a survey reaches people."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

CHANNEL_MODES = ("link", "kiosk", "assisted")
PARTNER_KINDS = (
    "cbo",
    "clinic",
    "faith",
    "school",
    "employer",
    "chamber",
    "workforce_board",
    "library",
    "other",
)


class Partner(Base):
    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), default="cbo")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    targets = relationship("PartnerTarget", cascade="all, delete-orphan", lazy="select")

    def target_for(self, survey_id: int) -> int | None:
        return next((t.target for t in self.targets if t.survey_id == survey_id), None)


class PartnerTarget(Base):
    """How many complete responses a partner aims to gather for a survey."""

    __tablename__ = "partner_targets"
    __table_args__ = (
        UniqueConstraint("partner_id", "survey_id"),
        CheckConstraint("target >= 0", name="target_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    target: Mapped[int] = mapped_column(Integer)


class Channel(Base):
    """One way in to one survey: a token in a link, a QR poster, a kiosk, or assisted entry."""

    __tablename__ = "channels"
    __table_args__ = (
        CheckConstraint(f"mode IN {CHANNEL_MODES}", name="mode_known"),
        CheckConstraint("idle_seconds >= 30", name="idle_long_enough"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    liaison_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    mode: Mapped[str] = mapped_column(String(20), default="link")
    place: Mapped[str] = mapped_column(String(200), default="")
    # The languages a poster or kiosk start screen offers first; empty: every language of the survey.
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    default_language: Mapped[str | None] = mapped_column(String(20))
    # Kiosk: an unattended tablet forgets the person's answers after this long without a touch.
    idle_seconds: Mapped[int] = mapped_column(Integer, default=120)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set by the database (a trigger) whenever is_open turns false, cleared when it opens again.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    survey = relationship("Survey", lazy="joined")
    partner = relationship("Partner", lazy="joined")
    liaison = relationship("User", lazy="select")

    def accepts_answers(self, now: datetime) -> bool:
        """Closed or expired channels show a clear page instead of the survey."""
        return self.is_open and (self.expires_at is None or self.expires_at > now)
