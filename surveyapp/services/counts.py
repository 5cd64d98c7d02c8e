"""How many people answered through each channel: complete, partial, today, by language."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..models import Response


@dataclass
class ChannelCounts:
    complete: int = 0
    partial: int = 0
    today: int = 0
    by_language: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def start_of_today(timezone: str, now: datetime) -> datetime:
    """Midnight of the partners' local day (TIMEZONE), as an aware datetime."""
    zone = ZoneInfo(timezone)
    return datetime.combine(now.astimezone(zone).date(), time.min, tzinfo=zone)


def channel_counts(session: Session, channel_ids: list[int], since: datetime) -> dict[int, ChannelCounts]:
    """One grouped query for all the channels of a page; `today` counts completions since `since`."""
    counts: dict[int, ChannelCounts] = {cid: ChannelCounts() for cid in channel_ids}
    if not channel_ids:
        return counts
    completed_today = func.sum(case((Response.completed_at >= since, 1), else_=0))
    rows = session.execute(
        select(Response.channel_id, Response.status, Response.language, func.count(), completed_today)
        .where(Response.channel_id.in_(channel_ids))
        .group_by(Response.channel_id, Response.status, Response.language)
    )
    for channel_id, status, language, number, today in rows:
        c = counts[channel_id]
        if status == "complete":
            c.complete += number
            c.today += int(today or 0)
            c.by_language[language] += number
        else:
            c.partial += number
    return counts
