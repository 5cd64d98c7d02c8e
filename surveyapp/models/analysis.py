"""Theme analysis runs, their assignments, and the team's curation of themes.

A run is also the job queue: the web request only inserts a queued run and starts a separate
process (`flask --app wsgi themes work RUN`), which writes progress and the result back here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

RUN_STATUSES = ("queued", "running", "done", "failed")


class AnalysisRun(Base):
    __tablename__ = "analysis_runs"
    __table_args__ = (CheckConstraint(f"status IN {RUN_STATUSES}", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    # Who asked for it: a staff account, or "cli:<user>" for `themes refresh` (cron).
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    started_by: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Written by the worker on every step; a running job whose heartbeat stops is shown as stalled.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    progress: Mapped[str] = mapped_column(String(300), default="")
    n_documents: Mapped[int] = mapped_column(Integer, default=0)
    # ThemeResult.to_json() of the analysis package, with the team's later edits applied.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)
    error: Mapped[str | None] = mapped_column(Text)
    # The survey's codebook version the run used (none: the shipped codebook).
    codebook_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("codebook_versions.id", ondelete="SET NULL")
    )

    user = relationship("User", lazy="joined")
    codebook_version = relationship("CodebookVersion", lazy="joined")


class ThemeAssignment(Base):
    """One analysed document (a free-text answer or a focus-group note) and its theme in one run."""

    __tablename__ = "theme_assignments"
    __table_args__ = (
        Index("ix_theme_assignments_run_theme", "run_id", "theme_id"),
        Index("ix_theme_assignments_run_doc", "run_id", "doc_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_runs.id", ondelete="CASCADE"))
    # "r:<response id>:<question>" or "n:<note id>": stable across runs, so carry-over and moves work.
    doc_id: Mapped[str] = mapped_column(String(160))
    response_id: Mapped[str | None] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str | None] = mapped_column(String(100))
    note_id: Mapped[int | None] = mapped_column(ForeignKey("group_notes.id", ondelete="CASCADE"))
    theme_id: Mapped[str] = mapped_column(String(80))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    lang: Mapped[str] = mapped_column(String(20), default="")


class ThemeCuration(Base):
    """The team's edits of a survey's themes (the analysis package's edits format), kept for every run."""

    __tablename__ = "theme_curations"

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True)
    edits: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ThemeCode(Base):
    """One code of an analysed document in a run: its primary theme and every other theme it names.

    The primary code is the one whose theme is the assignment's `theme_id` (one place for that
    rule); `evidence` says what put the code there ("terms: bus, daycare", "similarity: 0.42",
    "team"). One row per document and theme, enforced by the database.
    """

    __tablename__ = "theme_codes"
    __table_args__ = (
        Index("ix_theme_codes_assignment_theme", "assignment_id", "theme_id", unique=True),
        Index("ix_theme_codes_theme_id", "theme_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Its run is the assignment's, so the two cannot disagree.
    assignment_id: Mapped[int] = mapped_column(ForeignKey("theme_assignments.id", ondelete="CASCADE"))
    theme_id: Mapped[str] = mapped_column(String(80))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    evidence: Mapped[str] = mapped_column(String(300), default="")
