"""Focus groups: sessions, the people who sign up (personal data, kept apart), and the scribe's notes.

Sign-ups hold names and contact details; they are never joined to survey answers unless the person
asked for it (`response_id`), shown only to admins and the session's facilitator and scribe, and
purged a configurable number of days after the session.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

# What a session provides so that people can come.
PROVISIONS = ("interpretation", "childcare", "meal", "transportation", "stipend", "accessibility")
CONTACT_METHODS = ("phone", "text", "email", "partner")
SIGNUP_STATUSES = ("confirmed", "waitlisted", "cancelled")
# A session's texts written per language, with the longest each may be in one language.
TEXT_LIMITS = {"title": 500, "description": 500, "address": 300, "transit_notes": 500, "parking_notes": 500}


class FocusGroup(Base):
    __tablename__ = "focus_groups"
    __table_args__ = (CheckConstraint("capacity > 0", name="capacity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # Per language: {"en": "...", "so": "..."}; the first offered language is the fallback.
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # [{"id": "p1", "text": {"en": "..."}}]: the discussion prompts, in order.
    prompts: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    is_remote: Mapped[bool] = mapped_column(Boolean, default=False)
    # The place and how to get there, per language like the title (TEXT_LIMITS: longest of each).
    address: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    transit_notes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    parking_notes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    host_partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    provided: Mapped[list[str]] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(Integer)
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    scribe_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    host_partner = relationship("Partner", lazy="joined")
    facilitator = relationship("User", foreign_keys=[facilitator_id], lazy="select")
    scribe = relationship("User", foreign_keys=[scribe_id], lazy="select")

    def text(self, field: dict[str, str], lang: str) -> str:
        """A translated field, falling back to the session's first language, never blank."""
        return (
            field.get(lang)
            or next((field[c] for c in self.languages if field.get(c)), "")
            or next((v for v in field.values() if v), "")
        )


class Signup(Base):
    """One person's sign-up: the only place their name and contact details are kept."""

    __tablename__ = "signups"
    __table_args__ = (
        CheckConstraint(f"status IN {SIGNUP_STATUSES}", name="status_known"),
        CheckConstraint(f"contact_method IN {CONTACT_METHODS}", name="contact_known"),
        CheckConstraint("children >= 0 AND children <= 20", name="children_in_range"),
        UniqueConstraint("group_id", "contact_key"),
        Index("ix_signups_group_status", "group_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("focus_groups.id", ondelete="CASCADE"))
    # The private link to change or cancel: only its hash is stored.
    manage_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    contact_method: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    # Normalized phone or email (or the name, for "through my partner"): one sign-up per person.
    contact_key: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(20))
    children: Mapped[int] = mapped_column(Integer, default=0)
    children_ages: Mapped[str] = mapped_column(String(120), default="")
    needs_transportation: Mapped[bool] = mapped_column(Boolean, default=False)
    interpretation: Mapped[str] = mapped_column(String(20), default="")
    accessibility: Mapped[str] = mapped_column(String(500), default="")
    dietary: Mapped[str] = mapped_column(String(500), default="")
    consent_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="confirmed")
    # Only when the person explicitly chose to link their survey answers.
    response_id: Mapped[str | None] = mapped_column(ForeignKey("responses.id", ondelete="SET NULL"))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group = relationship("FocusGroup", lazy="joined")


class GroupNote(Base):
    """The scribe's notes on one prompt, free of names: documents for the theme analysis."""

    __tablename__ = "group_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("focus_groups.id", ondelete="CASCADE"), index=True)
    prompt_id: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
