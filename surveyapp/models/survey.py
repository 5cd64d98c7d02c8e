"""Surveys and their immutable versions; a version holds the whole form definition with translations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow


class Survey(Base):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    current_version_id: Mapped[int | None] = mapped_column(ForeignKey("survey_versions.id", use_alter=True))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    current_version = relationship(
        "SurveyVersion", foreign_keys=[current_version_id], lazy="joined", post_update=True
    )


class SurveyVersion(Base):
    """A form as uploaded. Never edited: a response records the version it answered."""

    __tablename__ = "survey_versions"
    __table_args__ = (UniqueConstraint("survey_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    version: Mapped[str] = mapped_column(String(80))
    # Deferred: pages use the parsed form cached per process (services.surveys.definition_of),
    # so the large JSON is only read when a version is first parsed or exported.
    definition: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None while the version waits for an admin to publish it (its upload had warnings); respondents
    # are only ever served a survey's current version, which is always a published one.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SurveyMedia(Base):
    """An image, audio or video file uploaded beside a version's workbook, kept with the version (as
    its data files are, in its definition) so that a version never depends on a file that may change
    later. Served by surveyapp/media.py at an address holding its digest; never edited."""

    __tablename__ = "survey_media"
    __table_args__ = (UniqueConstraint("version_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    content_type: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
