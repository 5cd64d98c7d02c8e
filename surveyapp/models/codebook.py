"""A survey's codebook, one immutable row per saved version.

Each version holds the whole codebook (the analysis package's JSON format, `_meta.complete`), not
the team's changes over the shipped one: a removed shipped word stays removed, and an old version
reads and re-runs exactly as it was whatever a later release ships. Versions are numbered per
survey, and the database refuses a second version with the same number, so two saves at once can
never both become "version 5".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class CodebookVersion(Base):
    __tablename__ = "codebook_versions"
    __table_args__ = (
        UniqueConstraint("survey_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by: Mapped[str] = mapped_column(String(254), default="")
    # What changed, as data ({"op": "add_term", "category": ..., "lang": ..., "terms": [...]}), so
    # the history says it in one line in each reader's language.
    change: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    codebook: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
