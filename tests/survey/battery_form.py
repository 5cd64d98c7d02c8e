"""How a battery case is written: a small XLSForm (pages as groups), what the person posts on each page,
and the outcome both rule engines must give (tests/survey/battery.py holds the cases)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Row = dict[str, str]


@dataclass(frozen=True)
class Case:
    """One whole form answered once. `posts` holds one dict per page, in page order, of the raw values
    posted (a list for select_multiple and answers in parts); `values` are the answers stored (with
    calculations and the values the form sets), `errors` the kind of message per question (a key of
    the kiosk page's `messages`: "required", "constraint", "parts.geopoint"...). `pages` and `counted`
    (None: every page) are the pages that apply and those "Page 2 of 6" counts, once answered."""

    name: str
    survey: list[Row]
    posts: list[dict[str, Any]]
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    choices: list[Row] = field(default_factory=list)
    pages: list[int] | None = None
    counted: list[int] | None = None
    settings: dict[str, str] = field(default_factory=dict)


def page(name: str, *rows: Row, relevant: str = "") -> list[Row]:
    """A page: a group of questions (with the group's `relevant`)."""
    begin = {"type": "begin group", "name": name, "label::en": name.title()}
    if relevant:
        begin["relevant"] = relevant
    return [begin, *rows, {"type": "end group"}]


def q(kind: str, name: str, **columns: str) -> Row:
    """A question row: its type, name, an English label and any other XLSForm column."""
    return {"type": kind, "name": name, "label::en": name.title(), **columns}


def calc(name: str, calculation: str, **columns: str) -> Row:
    return {"type": "calculate", "name": name, "calculation": calculation, **columns}


def choices(list_name: str, *names: str, **columns: list[str]) -> list[Row]:
    """A choice list; each extra column (`county=[...]`) gives one value per choice."""
    return [
        {"list_name": list_name, "name": n, "label::en": n.title(), **{k: v[i] for k, v in columns.items()}}
        for i, n in enumerate(names)
    ]


def survey(*pages: list[Row]) -> list[Row]:
    return [row for p in pages for row in p]
