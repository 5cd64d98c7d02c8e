"""A repeat's columns in an export: one per instance key (`member[1]/age`, `member[2]/age`, ...),
instance by instance in the form's order, as many instances as the most any response has.

One wide sheet rather than a sheet per repeat (Kobo's other choice): a CSV has one table, and a row
per response keeps every figure of a person in one row, which is what the partners' spreadsheets and
the reporting read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..survey.definition import FormDefinition, Question
from ..survey.repeats import key, parse_key


def repeat_of(definitions: Iterable[FormDefinition]) -> dict[str, tuple[str, ...]]:
    """Each repeat's question names, over every version (the current one first)."""
    out: dict[str, tuple[str, ...]] = {}
    for definition in definitions:
        for repeat in definition.repeats.values():
            out.setdefault(repeat.name, repeat.questions)
    return out


def instances_seen(answer_maps: Iterable[Mapping[str, str]]) -> dict[str, int]:
    """The most instances of each repeat that any of these responses answered."""
    most: dict[str, int] = {}
    for answers in answer_maps:
        for name in answers:
            parsed = parse_key(name)
            if parsed:
                most[parsed[0]] = max(most.get(parsed[0], 0), parsed[1])
    return most


def keyed_columns(
    questions: list[Question], repeats: Mapping[str, tuple[str, ...]], most: Mapping[str, int]
) -> list[tuple[str, Question]]:
    """(column key, question) pairs: a question outside repeats as itself, a repeat's questions
    once per instance, at the place of the repeat's first question."""
    in_repeat = {name: repeat for repeat, names in repeats.items() for name in names}
    by_name = {q.name: q for q in questions}
    columns: list[tuple[str, Question]] = []
    done: set[str] = set()
    for q in questions:
        repeat = in_repeat.get(q.name)
        if repeat is None:
            columns.append((q.name, q))
        elif repeat not in done:
            done.add(repeat)
            for index in range(1, most.get(repeat, 0) + 1):
                columns += [
                    (key(repeat, index, name), by_name[name]) for name in repeats[repeat] if name in by_name
                ]
    return columns
