"""Follow-up questions: one asked only when a choice of the question just before it is picked
(`selected(${barriers}, 'other')`, `${goal} = 'job'`), as `or_other` and most forms write them.

Without JavaScript a page cannot hide a question that depends on an answer of the same page, so these
are shown right under their question and the stylesheet hides them until the choice is picked (CSS
`:has()`, in every current browser); a follow-up answered without its choice is refused with a
message that says which choice to pick."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .definition import Page, Question

# `${q}` as authors write it, or `../q` as pyxform writes `or_other`'s own condition.
_NAME = r"(?:\$\{(?P<name>[A-Za-z_][\w.-]*)\}|\.\./(?P<path>[A-Za-z_][\w.-]*))"
_VALUE = r"(?P<quote>['\"])(?P<value>[^'\"]*)(?P=quote)"
SIMPLE = (
    re.compile(rf"^\s*selected\(\s*{_NAME}\s*,\s*{_VALUE}\s*\)\s*$"),
    re.compile(rf"^\s*{_NAME}\s*=\s*{_VALUE}\s*$"),
)


@dataclass(frozen=True)
class FollowUp:
    """The question a follow-up depends on, and the choice that asks it."""

    question: Question
    choice: str


@lru_cache(maxsize=4096)
def _condition(relevant: str) -> tuple[str, str] | None:
    for pattern in SIMPLE:
        match = pattern.match(relevant)
        if match:
            return match["name"] or match["path"], match["value"]
    return None


def follow_ups(page: Page) -> dict[str, FollowUp]:
    """Follow-up question name -> what asks it, for questions right after the select they depend on."""
    found: dict[str, FollowUp] = {}
    for before, q in zip(page.questions, page.questions[1:], strict=False):
        condition = _condition(q.relevant) if q.relevant else None
        if (
            condition
            and condition[0] == before.name
            and before.type in ("select_one", "select_multiple")
            and before.choice(condition[1]) is not None
        ):
            found[q.name] = FollowUp(before, condition[1])
    return found


def controlling(page: Page) -> dict[str, str]:
    """Question name -> the choice of it that asks the question after it."""
    return {f.question.name: f.choice for f in follow_ups(page).values()}
