"""Questions answered in several inputs (a geopoint's latitude and longitude, a ranking's positions,
a date asked in parts) or in a typed list of points: which ones, how they post and how they show.

One place that survey/rules.py, survey/definition.py and the templates ask, so that each new
answer shape is wired once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .calendars import calendar_of
from .date_parts import DATE_PARTS, date_parts, parse_date_parts, parts_message, shown_date_parts
from .geo_answers import GEO_TYPES, geo_message, parse_geo, shown_geo
from .rank import parse_rank, rank_messages, shown_rank

if TYPE_CHECKING:
    from .definition import Question


def posts_list(q: Question) -> bool:
    """The question's inputs post several values under its one field name, in document order."""
    return q.type in ("geopoint", "rank") or (q.type == "date" and date_parts(q.appearance) is not None)


def handles(q: Question) -> bool:
    """Answers this module reads (the rest are survey/answers.py's)."""
    return posts_list(q) or q.type in GEO_TYPES


def parse_parts(q: Question, raw: Any) -> tuple[str | None, str | None]:
    """(stored answer, error) for a question `handles` says is read here."""
    if q.type in GEO_TYPES:
        return parse_geo(q.type, raw)
    if q.type == "rank":
        return parse_rank([c.name for c in q.choices], raw)
    return parse_date_parts(date_parts(q.appearance) or "no-calendar", raw, calendar_of(q.appearance))


def shown_parts(q: Question, value: str | None) -> str | list[str]:
    """A stored answer in the shape its inputs show it."""
    if q.type in GEO_TYPES:
        return shown_geo(q.type, value)
    if q.type == "rank":
        return shown_rank([c.name for c in q.choices], value)
    return shown_date_parts(date_parts(q.appearance) or "no-calendar", value, calendar_of(q.appearance))


def parts_messages(calendars: Iterable[str] = ()) -> dict[str, str]:
    """The messages of these answers for the kiosk's script (static/answers.js), by type or kind
    (a calendar's after its kind, `month-year persian`, for the calendars the survey asks in)."""
    return {
        **{t: geo_message(t) for t in sorted(GEO_TYPES)},
        **{kind: parts_message(kind) for kind in DATE_PARTS},
        **{f"{kind} {c}": parts_message(kind, c) for kind in DATE_PARTS for c in calendars},
        **rank_messages(),
    }
