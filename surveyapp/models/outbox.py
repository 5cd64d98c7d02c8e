"""Kiosk outbox posts the server refused, kept as received so that staff can see what a tablet held."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class OutboxRefusal(Base):
    """One refused post of a kiosk's outbox, with the reason; never updated (a trigger refuses it)."""

    __tablename__ = "outbox_refusals"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"), index=True)
    kiosk_id: Mapped[str | None] = mapped_column(String(64))
    response_id: Mapped[str | None] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(200))
    errors: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The request body exactly as it came (text), so nothing the tablet held is lost.
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
