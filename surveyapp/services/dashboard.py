"""What the core team's dashboard counts: every figure is a grouped SQL query within one `Scope`.

A scope is the survey, date range, partner and language chosen on the page; every page builds its
numbers from `Scope.responses()` or `Scope.documents()`, so no page can forget a filter. Queries
group in the database, so a page costs the same few statements at 300 or 100,000 responses (a test
counts them). These are raw counts: what a page shows comes from `services.reporting`, which
hides small counts. Here: the scope and the overview; an analysis run's documents in
`services.theme_documents`, breakdowns by language, partner or question in `services.breakdowns`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Row, and_, func, or_, select, true
from sqlalchemy.orm import Session

from ..models import (
    Channel,
    FocusGroup,
    GroupNote,
    Partner,
    PartnerTarget,
    Response,
    Survey,
    ThemeAssignment,
)
from .sqltime import minutes_between, utc_hour

TA = ThemeAssignment


@dataclass(frozen=True)
class Scope:
    """The survey and filters every dashboard page respects."""

    survey: Survey
    timezone: str = "UTC"
    start: date | None = None
    end: date | None = None
    partner_id: int | None = None
    language: str | None = None
    question: str | None = None  # themes of one free-text question only (focus-group notes left out)
    min_count: int | None = None  # SMALL_CELL_MIN; None: services.reporting's default
    samples: bool = True  # the demo's sample answers counted too (left out once real answers exist)

    def _bound(self, day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=ZoneInfo(self.timezone))

    def _since_until(self, column: Any) -> list[ColumnElement[bool]]:
        where = []
        if self.start:
            where.append(column >= self._bound(self.start))
        if self.end:
            where.append(column < self._bound(self.end + timedelta(days=1)))
        return where

    def responses(self) -> list[ColumnElement[bool]]:
        """Conditions on Response: this survey, started within the dates, partner, language."""
        where = [Response.survey_id == self.survey.id, *self._since_until(Response.started_at)]
        if not self.samples:
            where.append(Response.is_sample.is_(False))
        if self.language:
            where.append(Response.language == self.language)
        if self.partner_id:
            where.append(
                Response.channel_id.in_(select(Channel.id).where(Channel.partner_id == self.partner_id))
            )
        return where

    @property
    def responses_filtered(self) -> bool:
        """Whether the responses are a subgroup (the question filter chooses documents only)."""
        return bool(self.start or self.end or self.partner_id or self.language)

    @property
    def filtered(self) -> bool:
        return self.responses_filtered or bool(self.question)

    def documents(self) -> ColumnElement[bool]:
        """Condition on ThemeAssignment: answers in scope, and focus-group notes in scope.

        Without filters every document of a run is in scope (a run is of one survey), and the
        condition is left out so that counting themes reads only the (run, theme) index."""
        if not self.filtered and self.samples:
            return true()
        answers = TA.response_id.in_(select(Response.id).where(*self.responses()))
        if self.question:
            return and_(answers, TA.question == self.question)
        notes = [*self._since_until(GroupNote.created_at)]
        if self.language:
            notes.append(GroupNote.language == self.language)
        if self.partner_id:
            notes.append(
                GroupNote.group_id.in_(
                    select(FocusGroup.id).where(FocusGroup.host_partner_id == self.partner_id)
                )
            )
        return or_(answers, TA.note_id.in_(select(GroupNote.id).where(*notes)))


@dataclass
class Overview:
    complete: int = 0
    partial: int = 0
    median_minutes: int | None = None
    by_partner: list[tuple[Partner, int, int | None]] = field(default_factory=list)
    by_language: dict[str, int] = field(default_factory=dict)
    by_mode: dict[str, int] = field(default_factory=dict)
    per_day: list[tuple[date, int]] = field(default_factory=list)

    @property
    def completion_rate(self) -> float | None:
        started = self.complete + self.partial
        return self.complete / started if started else None


def overview(session: Session, scope: Scope) -> Overview:
    """Counts, breakdowns, per-day completions and the median time to complete: four queries."""
    out = Overview()
    partners: dict[int, int] = defaultdict(int)
    language: dict[str, int] = defaultdict(int)
    mode: dict[str, int] = defaultdict(int)
    rows = session.execute(
        select(Response.status, Response.language, Channel.partner_id, Channel.mode, func.count())
        .join(Channel, Channel.id == Response.channel_id)
        .where(*scope.responses())
        .group_by(Response.status, Response.language, Channel.partner_id, Channel.mode)
    )
    for status, lang, partner_id, channel_mode, n in rows:
        if status != "complete":
            out.partial += n
            continue
        out.complete += n
        partners[partner_id] += n
        language[lang] += n
        mode[channel_mode] += n
    out.by_language = dict(sorted(language.items(), key=lambda kv: -kv[1]))
    out.by_mode = dict(sorted(mode.items(), key=lambda kv: -kv[1]))

    targets = dict(
        session.execute(
            select(PartnerTarget.partner_id, PartnerTarget.target).where(
                PartnerTarget.survey_id == scope.survey.id
            )
        ).all()
    )
    shown = set(partners) | set(targets)
    if scope.partner_id:
        shown &= {scope.partner_id}
    for partner in session.scalars(select(Partner).where(Partner.id.in_(shown)).order_by(Partner.name)):
        out.by_partner.append((partner, partners.get(partner.id, 0), targets.get(partner.id)))

    complete = [*scope.responses(), Response.status == "complete"]
    hours = session.execute(
        select(utc_hour(Response.completed_at), func.count())
        .where(*complete)
        .group_by(utc_hour(Response.completed_at))
    )
    zone = ZoneInfo(scope.timezone)
    days: dict[date, int] = defaultdict(int)
    for hour, n in hours:
        stamp = datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=ZoneInfo("UTC"))
        days[stamp.astimezone(zone).date()] += n
    if days:
        first, last = min(days), max(days)
        out.per_day = [
            (first + timedelta(days=i), days.get(first + timedelta(days=i), 0))
            for i in range((last - first).days + 1)
        ]

    duration = minutes_between(Response.started_at, Response.completed_at)
    histogram = session.execute(
        select(duration, func.count()).where(*complete).group_by(duration).order_by(duration)
    ).all()
    out.median_minutes = _median(histogram)
    return out


def _median(histogram: Sequence[Row[int, int]]) -> int | None:
    total = sum(n for _, n in histogram)
    seen = 0
    for value, n in histogram:
        seen += n
        if seen * 2 >= total:
            return int(value)
    return None


def has_real_answers(session: Session, survey: Survey) -> bool:
    """Whether anyone but the demo has answered: from then on sample answers are left out unless the
    reader asks for them."""
    return (
        session.scalar(
            select(Response.id).where(Response.survey_id == survey.id, Response.is_sample.is_(False)).limit(1)
        )
        is not None
    )
