"""The key each question's answers are kept under: its name, or its group path where the name repeats.

pyxform lets two groups hold questions of the same name (their XForm paths differ: /data/g1/x and
/data/g2/x); answers, exports and reports need one key per question, so a repeated name is keyed by
its group path (`g1/x`), the column name Kobo's exports give it. A name used once keeps its own name,
so forms without repeated names are keyed as before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

SEPARATOR = "/"


def question_keys(
    walked: Iterable[tuple[Sequence[dict[str, Any]], dict[str, Any]]],
    whole_path: Callable[[Sequence[dict[str, Any]]], bool] = lambda _groups: False,
) -> list[str]:
    """The key of each (groups, question) pair, in order; `whole_path` says which groups key
    every question by its path (a loop's, services/xlsform_loops)."""
    pairs = list(walked)
    counts = Counter(q["name"] for _groups, q in pairs)
    return [
        q["name"]
        if counts[q["name"]] == 1 and not whole_path(groups)
        else SEPARATOR.join([*(g["name"] for g in groups), q["name"]])
        for groups, q in pairs
    ]


def author_name(key: str) -> str:
    """The name the author wrote (the last step of a group path)."""
    return key.rsplit(SEPARATOR, 1)[-1]


def enclosing_groups(key: str) -> list[str]:
    """The groups named in a key, outermost first (none for a plain name)."""
    return key.split(SEPARATOR)[:-1]


def track_groups(groups: list[str], kind: str, name: str) -> list[str]:
    """The open groups after a survey row of this type (begin group opens one, end group closes)."""
    kind = " ".join(kind.lower().split())
    if kind in ("begin group", "begin_group"):
        return [*groups, name]
    if kind in ("end group", "end_group"):
        return groups[:-1]
    return groups
