"""The battery's forms with calculates between two conditional groups: their page shows nothing, so
it is never shown nor counted, and its value is computed whether the groups apply or not."""

from __future__ import annotations

from .battery_form import Case, Row, calc, choices, page, q


def between_conditional_groups() -> list[Row]:
    return [
        q("select_one yn", "go"),
        *page("one", q("text", "a"), relevant="${go} = 'yes'"),
        calc("shout", "concat(${go}, '!')"),
        *page("two", q("text", "b"), relevant="${go} = 'yes'"),
    ]


LONE = [
    Case(
        "calculates between conditional groups that apply: never a page",
        between_conditional_groups(),
        [{"go": "yes"}, {"a": "Ana"}, {}, {"b": "Oslo"}],
        {"go": "yes", "a": "Ana", "shout": "yes!", "b": "Oslo"},
        choices=choices("yn", "yes", "no"),
        counted=[0, 1, 3],
    ),
    Case(
        "calculates between conditional groups that do not apply: still computed",
        between_conditional_groups(),
        [{"go": "no"}, {}, {}, {}],
        {"go": "no", "shout": "no!"},
        choices=choices("yn", "yes", "no"),
        pages=[0, 2],
        counted=[0],
    ),
]
