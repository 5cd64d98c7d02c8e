"""A repeat's columns in an export: one per instance key (`member[1]/age`, `member[2]/age`, ...),
instance by instance in the form's order, as many instances as the most any response has; a repeat
within a repeat gets its columns inside each outer instance's (`household[1]/member[2]/age` after
`household[1]/hh_name`), as many as the most any response has in that outer instance.

One wide sheet rather than a sheet per repeat (Kobo's other choice): a CSV has one table, and a row
per response keeps every figure of a person in one row, which is what the partners' spreadsheets and
the reporting read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..survey.definition import FormDefinition, Question, Repeat
from ..survey.repeats import key, parse_key


def repeat_of(definitions: Iterable[FormDefinition]) -> dict[str, Repeat]:
    """Each repeat (its questions and the repeat around it), over every version (the current one
    first)."""
    out: dict[str, Repeat] = {}
    for definition in definitions:
        for repeat in definition.repeats.values():
            out.setdefault(repeat.name, repeat)
    return out


def instances_seen(answer_maps: Iterable[Mapping[str, str]]) -> dict[str, int]:
    """The most instances of each repeat path (`member`, `household[2]/member`) that any of these
    responses answered."""
    most: dict[str, int] = {}
    for answers in answer_maps:
        for name in answers:
            parsed = parse_key(name)
            while parsed:
                most[parsed[0]] = max(most.get(parsed[0], 0), parsed[1])
                parsed = parse_key(parsed[0])  # `household[2]/member`: household 2 is answered too
    return most


def keyed_columns(
    questions: list[Question], repeats: Mapping[str, Repeat], most: Mapping[str, int]
) -> list[tuple[str, Question]]:
    """(column key, question) pairs: a question outside repeats as itself, a repeat's questions
    once per instance, at the place of the repeat's first question (an inner repeat's within each
    instance of the outer one, at the place of its own first question)."""
    in_repeat = {name: repeat.name for repeat in repeats.values() for name in repeat.questions}
    by_name = {q.name: q for q in questions}
    order = [q.name for q in questions]
    children: dict[str, list[str]] = {}
    for inner in repeats.values():
        if inner.parent is not None:
            children.setdefault(inner.parent, []).append(inner.name)

    def first(repeat: str) -> int:
        """Where a repeat's columns go: at its first question, or its first inner repeat's."""
        own = [order.index(n) for n in repeats[repeat].questions if n in by_name]
        inner = [first(child) for child in children.get(repeat, [])]
        return min(own + inner, default=len(order))

    def instance(repeat: str, scope: str) -> list[tuple[str, Question]]:
        where = scope + repeat
        items: list[tuple[int, str, str | None]] = [
            (order.index(n), n, None) for n in repeats[repeat].questions if n in by_name
        ]
        items += [(first(child), child, child) for child in children.get(repeat, [])]
        out: list[tuple[str, Question]] = []
        for index in range(1, most.get(where, 0) + 1):
            for _place, name, child in sorted(items, key=lambda item: item[0]):
                if child is None:
                    out.append((key(where, index, name), by_name[name]))
                else:
                    out += instance(child, f"{where}[{index}]/")
        return out

    columns: list[tuple[str, Question]] = []
    done: set[str] = set()
    for q in questions:
        outermost = in_repeat.get(q.name)
        while outermost is not None and repeats[outermost].parent is not None:
            outermost = repeats[outermost].parent
        if outermost is None:
            columns.append((q.name, q))
        elif outermost not in done:
            done.add(outermost)
            columns += instance(outermost, "")
    return columns
