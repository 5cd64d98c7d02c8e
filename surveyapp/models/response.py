"""Responses and their answers. The response id is made when the person starts (exactly once)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
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

STATUSES = ("in_progress", "complete")


class Response(Base):
    __tablename__ = "responses"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES}", name="status_known"),
        CheckConstraint("status != 'complete' OR completed_at IS NOT NULL", name="complete_has_time"),
        Index("ix_responses_survey_status_completed", "survey_id", "status", "completed_at"),
    )

    # Made by the client's first page (a UUID); unique in the database, not only in code.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"), index=True)
    language: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    current_page: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    resume_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    resume_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Assisted entry: the staff member who transcribed a paper survey.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The secret of the browser that started this draft (kept in its session) or resumed it with
    # the code: a bare response id opens nothing.
    draft_key: Mapped[str | None] = mapped_column(String(64))
    # The settings' instance_name made from the answers by the server (survey/instance_name.py):
    # personal data as much as the answers it reads, so shown only where they are (exports).
    instance_name: Mapped[str | None] = mapped_column(String(255))

    # Nothing is loaded with a response unless its query asks (services.responses reads a response
    # with its answers in one statement where it needs them).
    answers = relationship(
        "Answer",
        cascade="all, delete-orphan",
        lazy="select",
        order_by="Answer.id",
        passive_deletes=True,
    )
    channel = relationship("Channel", lazy="select")
    version = relationship("SurveyVersion", lazy="select")

    def answer_map(self) -> dict[str, str]:
        return {a.question: a.value for a in self.answers}


class Answer(Base):
    """One stored answer in XLSForm's text form (select_multiple: space-separated names)."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(String(100))
    value: Mapped[str] = mapped_column(Text)
