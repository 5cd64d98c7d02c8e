"""What a dashboard table can be broken down by (language, partner, closed questions, an area), and
the grouped counts of closed questions per language, partner or another question's answer.

Counted once per person: questions inside a repeat are answered once per instance and are left to
exports. Raw counts; `services.reporting` turns them into shown (or hidden) figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from ..models import Answer, Channel, Response
from ..survey.definition import FormDefinition, Question
from .dashboard import Scope

# Free-text questions that name an area rather than an opinion, offered as a disaggregation.
AREA_QUESTIONS = ("zip_code", "zip", "postal_code", "postcode")
MULTIPLE = "__multiple__"
MISSING = "__missing__"


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


def attribute_expr(attribute: Attribute) -> tuple[Any, Any]:
    """(column expression, extra answer alias to outer-join or None) for a breakdown."""
    if attribute.key == "language":
        return Response.language, None
    if attribute.key == "partner":
        return Channel.partner_id, None
    alias = aliased(Answer)
    return alias.value, alias


def with_attribute(query: Any, alias: Any, name: str) -> Any:
    if alias is None:
        return query
    return query.outerjoin(alias, and_(alias.response_id == Response.id, alias.question == name))


def column_key(value: Any, attribute: Attribute) -> str:
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
    expr, alias = attribute_expr(attribute)
    answer = aliased(Answer)
    query = (
        select(answer.value, expr, func.count())
        .select_from(Response)
        .join(Channel, Channel.id == Response.channel_id)
        .join(answer, and_(answer.response_id == Response.id, answer.question == question.name))
    )
    query = with_attribute(query, alias, attribute.key)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    people: dict[str, int] = defaultdict(int)
    rows = session.execute(
        query.where(*scope.responses(), Response.status == "complete").group_by(answer.value, expr)
    )
    for value, attr_value, n in rows:
        column = column_key(attr_value, attribute)
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
