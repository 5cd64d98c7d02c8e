"""What the core team's dashboard counts: every figure is a grouped SQL query within one `Scope`.

A scope is the survey, date range, partner and language chosen on the page; every page builds its
numbers from `Scope.responses()` or `Scope.documents()`, so no page can forget a filter. Queries
group in the database, so a page costs the same few statements at 300 or 100,000 responses (a test
counts them). These are raw counts: what a page shows comes from `services.reporting`, which
hides small counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Row, Select, and_, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from ..models import (
    AnalysisRun,
    Answer,
    Channel,
    FocusGroup,
    GroupNote,
    Partner,
    PartnerTarget,
    Response,
    Survey,
    ThemeAssignment,
    ThemeCode,
)
from ..survey.definition import FormDefinition, Question
from .sqltime import minutes_between, utc_hour

# Free-text questions that name an area rather than an opinion, offered as a disaggregation.
AREA_QUESTIONS = ("zip_code", "zip", "postal_code", "postcode")
MULTIPLE = "__multiple__"
MISSING = "__missing__"
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


# --- Themes ----------------------------------------------------------------------------------


def code_rows(
    run: AnalysisRun, scope: Scope | None = None, leave_out: Iterable[str] = ()
) -> Select[*tuple[Any, ...]]:
    """Every code of every document of a run within the scope, one row per document and code: the
    one place that says which codes an answer carries. They are its stored codes (primary and
    secondary); an answer with none (a run from before codes) carries its one theme, its primary.
    Callers count from `.subquery()` (columns: assignment_id, doc_id, response_id, note_id,
    question, lang, theme_id, primary_theme, score); codes in `leave_out` are not among them."""
    theme = func.coalesce(ThemeCode.theme_id, TA.theme_id)
    left_out = list(leave_out)
    query = (
        select(
            TA.id.label("assignment_id"),
            TA.doc_id,
            TA.response_id,
            TA.note_id,
            TA.question,
            TA.lang,
            theme.label("theme_id"),
            TA.theme_id.label("primary_theme"),
            func.coalesce(ThemeCode.score, TA.score).label("score"),
        )
        .select_from(TA)
        .outerjoin(ThemeCode, ThemeCode.assignment_id == TA.id)
        .where(TA.run_id == run.id, scope.documents() if scope is not None else true())
    )
    return query.where(theme.not_in(left_out)) if left_out else query


@dataclass
class QuoteSource:
    partner: str
    source: str
    in_scope: bool
    question: str | None = None  # the question an answer came from (None: focus-group notes)


def quote_sources(
    session: Session, run: AnalysisRun, scope: Scope, doc_ids: Iterable[str]
) -> dict[str, QuoteSource]:
    """Partner and source of each quoted document, and whether it is within the filters."""
    ids = list(doc_ids)
    if not ids:
        return {}
    in_scope = scope.documents()
    rows = session.execute(
        select(TA.doc_id, TA.note_id, Partner.name, in_scope, TA.question)
        .outerjoin(Response, Response.id == TA.response_id)
        .outerjoin(Channel, Channel.id == Response.channel_id)
        .outerjoin(GroupNote, GroupNote.id == TA.note_id)
        .outerjoin(FocusGroup, FocusGroup.id == GroupNote.group_id)
        .outerjoin(Partner, Partner.id == func.coalesce(Channel.partner_id, FocusGroup.host_partner_id))
        .where(TA.run_id == run.id, TA.doc_id.in_(ids))
    )
    return {
        doc: QuoteSource(
            partner or "", "focus group" if note else "survey", bool(ok), None if note else question
        )
        for doc, note, partner, ok, question in rows
    }


@dataclass
class Document:
    doc_id: str
    theme_id: str
    text: str
    lang: str
    partner: str
    source: str
    when: datetime | None
    question: str | None = None  # the question an answer came from (None: focus-group notes)


def theme_documents(
    session: Session,
    run: AnalysisRun,
    scope: Scope,
    theme_id: str | None,
    search: str,
    page: int,
    per_page: int = 50,
) -> tuple[list[Document], int, int]:
    """One page of a theme's documents (text search, case-insensitive), how many match, and the
    page shown (a page past the last one shows the last)."""
    text = func.coalesce(Answer.value, GroupNote.text)
    where = [TA.run_id == run.id, scope.documents()]
    if theme_id is not None:  # every answer carrying the code (runs before codes: the theme)
        coded = select(ThemeCode.assignment_id).where(ThemeCode.theme_id == theme_id)
        where.append(or_(TA.theme_id == theme_id, TA.id.in_(coded)))
    if search:
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(text.ilike(f"%{escaped}%", escape="\\"))
    counted = select(TA.doc_id).select_from(TA)
    if search:  # only a search needs the text to count
        counted = counted.outerjoin(
            Answer, and_(Answer.response_id == TA.response_id, Answer.question == TA.question)
        ).outerjoin(GroupNote, GroupNote.id == TA.note_id)
    total = session.scalar(select(func.count()).select_from(counted.where(*where).subquery())) or 0
    page = min(page, max(0, (total - 1) // per_page))  # past the last page: the last page
    rows = session.execute(
        select(
            TA.doc_id,
            TA.theme_id,
            text,
            TA.lang,
            Partner.name,
            TA.note_id,
            func.coalesce(Response.completed_at, GroupNote.created_at),
            TA.question,
        )
        .select_from(TA)
        .outerjoin(Answer, and_(Answer.response_id == TA.response_id, Answer.question == TA.question))
        .outerjoin(GroupNote, GroupNote.id == TA.note_id)
        .outerjoin(Response, Response.id == TA.response_id)
        .outerjoin(Channel, Channel.id == Response.channel_id)
        .outerjoin(FocusGroup, FocusGroup.id == GroupNote.group_id)
        .outerjoin(Partner, Partner.id == func.coalesce(Channel.partner_id, FocusGroup.host_partner_id))
        .where(*where)
        .order_by(TA.doc_id)
        .limit(per_page)
        .offset(page * per_page)
    )
    docs = [
        Document(
            d,
            t,
            x or "",
            lang,
            p or "",
            "focus group" if note else "survey",
            when,
            None if note else question,
        )
        for d, t, x, lang, p, note, when, question in rows
    ]
    return docs, total, page


# --- Attributes: what a table can be broken down by -------------------------------------------


@dataclass(frozen=True)
class Attribute:
    key: str
    question: Question | None = None


def attributes(definition: FormDefinition) -> list[Attribute]:
    """Language, partner, every closed question, and a question naming an area (ZIP code)."""
    found = [Attribute("language"), Attribute("partner")]
    for q in _per_person(definition):
        if (q.choices and q.type != "rank") or (
            q.type == "text" and q.name in AREA_QUESTIONS and not q.analysis
        ):
            found.append(Attribute(q.name, q))
    return found


def closed_questions(definition: FormDefinition) -> list[Question]:
    """Questions answered by choosing, once per person (a ranking orders every choice: its counts
    would say nothing)."""
    return [q for q in _per_person(definition) if q.choices and q.type != "rank"]


def _per_person(definition: FormDefinition) -> list[Question]:
    """The questions answered once per person: a repeat's are answered once per instance (under
    keys such as member[2]/age) and are counted in exports, not in these per-person figures."""
    repeated = {name for r in definition.repeats.values() for name in r.questions}
    return [q for q in definition.answerable if q.name not in repeated]


def _attribute_expr(attribute: Attribute) -> tuple[Any, Any]:
    """(column expression, extra answer alias to outer-join or None) for a breakdown."""
    if attribute.key == "language":
        return Response.language, None
    if attribute.key == "partner":
        return Channel.partner_id, None
    alias = aliased(Answer)
    return alias.value, alias


def _with_attribute(query: Any, alias: Any, name: str) -> Any:
    if alias is None:
        return query
    return query.outerjoin(alias, and_(alias.response_id == Response.id, alias.question == name))


def _column_key(value: Any, attribute: Attribute) -> str:
    if value is None or value == "":
        return MISSING
    text = str(value)
    if attribute.question is not None and attribute.question.type == "select_multiple" and " " in text:
        return MULTIPLE
    return text


def question_by(
    session: Session, scope: Scope, question: Question, attribute: Attribute
) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """Respondents choosing each choice per attribute value, and respondents per value (one query)."""
    expr, alias = _attribute_expr(attribute)
    answer = aliased(Answer)
    query = (
        select(answer.value, expr, func.count())
        .select_from(Response)
        .join(Channel, Channel.id == Response.channel_id)
        .join(answer, and_(answer.response_id == Response.id, answer.question == question.name))
    )
    query = _with_attribute(query, alias, attribute.key)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    people: dict[str, int] = defaultdict(int)
    rows = session.execute(
        query.where(*scope.responses(), Response.status == "complete").group_by(answer.value, expr)
    )
    for value, attr_value, n in rows:
        column = _column_key(attr_value, attribute)
        people[column] += n
        for choice in str(value).split():
            counts[(choice, column)] += n
    return counts, people


def closed_answers(
    session: Session, scope: Scope, questions: list[Question]
) -> dict[str, list[tuple[str, str, int, int]]]:
    """Every closed question's answers as (value, language, partner id, n): one query for all."""
    rows = session.execute(
        select(Answer.question, Answer.value, Response.language, Channel.partner_id, func.count())
        .join(Response, Response.id == Answer.response_id)
        .join(Channel, Channel.id == Response.channel_id)
        .where(
            *scope.responses(),
            Response.status == "complete",
            Answer.question.in_([q.name for q in questions]),
        )
        .group_by(Answer.question, Answer.value, Response.language, Channel.partner_id)
    )
    out: dict[str, list[tuple[str, str, int, int]]] = defaultdict(list)
    for name, value, lang, partner_id, n in rows:
        out[name].append((value, lang, partner_id, n))
    return out


def split_by(
    answers: list[tuple[str, str, int, int]], index: int
) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """Choice counts and respondents per language (index 1) or partner (index 2)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    people: dict[str, int] = defaultdict(int)
    for row in answers:
        column = str(row[index])
        people[column] += row[3]
        for choice in row[0].split():
            counts[(choice, column)] += row[3]
    return counts, people


def has_real_answers(session: Session, survey: Survey) -> bool:
    """Whether anyone but the demo has answered: from then on sample answers are left out unless the
    reader asks for them."""
    return (
        session.scalar(
            select(Response.id).where(Response.survey_id == survey.id, Response.is_sample.is_(False)).limit(1)
        )
        is not None
    )
