"""Repeats as ODK runs them: a repeat's pages asked once per instance, each instance's answers under
its own key (`member[2]/age`, ODK's path, 1-based), so that no instance overwrites another's.

`expand(definition, answers)` gives the definition these answers make: every page of a repeat copied
per instance, its questions renamed to their keys and their expressions made to read that instance
(`${age}` inside instance 2 is `${member[2]/age}`, `position(..)` is 2: ODK's relative references).
Outside the repeat `${age}` is the node-set of every instance's answer (typed_answers adds them), so
`sum(${age})` and `count(${member})` work as in ODK. With `repeat_count` there are exactly that many
instances; without it the person adds and removes them, and their number is kept under the key
`member[count]` (bookkeeping, never exported). After the last instance of such a repeat comes its
prompt page, "Add another ..." or "No more".
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..expressions import compile_expression
from ..expressions.values import NodeSet, to_number
from .definition import FormDefinition, Page, Question, Repeat, Text

# A repeat asked more often than this is cut here: a typo in a count (1000 for 10) must not make a
# thousand pages.
MAX_INSTANCES = 50
# The first instance is there from the start, as in the form ODK builds (pyxform writes one).
FIRST_INSTANCES = 1
KEY = re.compile(r"^(?P<repeat>[A-Za-z_][\w.-]*)\[(?P<index>\d+)\]/(?P<name>[A-Za-z_][\w.-]*)$")
POSITION = re.compile(r"position\(\s*\.\.\s*\)")
REF = re.compile(r"\$\{(?P<ref>[A-Za-z_][\w.-]*)\}")
QUOTED_OR_REF = re.compile(r"'[^']*'|\"[^\"]*\"|" + REF.pattern)


def key(repeat: str, index: int, name: str) -> str:
    """The answer key of a question in one instance: `member[2]/age`."""
    return f"{repeat}[{index}]/{name}"


def count_key(repeat: str) -> str:
    """Where the number of instances of a repeat without `repeat_count` is kept."""
    return f"{repeat}[count]"


def parse_key(name: str) -> tuple[str, int, str] | None:
    """(repeat, index, question) of an instance key, None for a plain name."""
    match = KEY.match(name)
    return (match["repeat"], int(match["index"]), match["name"]) if match else None


def bookkeeping(definition: FormDefinition) -> frozenset[str]:
    """Stored keys that are no answers (instance counts): kept at submit, left out of exports."""
    return frozenset(count_key(r.name) for r in definition.repeats.values() if r.count is None)


def counts(definition: FormDefinition, stored: Mapping[str, str | None]) -> dict[str, int]:
    """How many instances each repeat has for these answers."""
    from .context import current_context, typed_answers

    out: dict[str, int] = {}
    answers = typed_answers(definition, {k: v for k, v in stored.items() if v})
    for repeat in definition.repeats.values():
        if repeat.count is not None:
            value = to_number(compile_expression(repeat.count).evaluate(answers, context=current_context()))
            number = 0 if math.isnan(value) else int(value)
        else:
            text = stored.get(count_key(repeat.name))
            number = int(text) if text and text.isdigit() else FIRST_INSTANCES
        out[repeat.name] = max(0, min(number, MAX_INSTANCES))
    return out


def expand(
    definition: FormDefinition,
    stored: Mapping[str, Any],
    numbers: Mapping[str, int] | None = None,
    *,
    literal_position: bool = True,
) -> FormDefinition:
    """The definition these answers make: each repeat's pages once per instance (the same object
    for a form without repeats). `numbers` sets the instances (the kiosk's offline page starts from
    one of each, and keeps `position(..)` for its script to evaluate per instance)."""
    if not definition.repeats:
        return definition
    static = definition.stored_pages or definition.pages
    definition = replace(definition, pages=static, instance_counts={}, stored_pages=())
    numbers = dict(numbers) if numbers is not None else counts(definition, stored)
    pages: list[Page] = []
    position = 0
    while position < len(static):
        page = static[position]
        if page.repeat is None:
            pages.append(page)
            position += 1
            continue
        run = []
        while position < len(static) and static[position].repeat == page.repeat:
            run.append(static[position])
            position += 1
        repeat = definition.repeats[page.repeat]
        for index in range(1, numbers[repeat.name] + 1):
            pages.extend(_instance_page(p, repeat, index, literal_position) for p in run)
        if repeat.count is None:
            pages.append(
                Page(
                    f"{repeat.name}[+]", repeat.label, repeat.relevant, (), repeat=repeat.name, instance=None
                )
            )
    return replace(definition, pages=tuple(pages), instance_counts=numbers, stored_pages=static)


def rewrite(
    source: str | None, repeat: Repeat, index: int, *, expression: bool = True, literal_position: bool = True
) -> str | None:
    """An expression (or a label's `${name}`s) as instance `index` reads it: its repeat's questions
    are this instance's. Text in quotes is left as it is: jr:choice-name's '${q}' names a question."""
    if not source:
        return source
    names = set(repeat.questions)

    def ref(match: re.Match[str]) -> str:
        name = match["ref"]
        if name is None or name not in names:
            return match[0]
        return "${" + key(repeat.name, index, name) + "}"

    pattern = QUOTED_OR_REF if expression else REF
    rewritten = pattern.sub(ref, source)
    return POSITION.sub(str(index), rewritten) if expression and literal_position else rewritten


def _text(text: Text, repeat: Repeat, index: int) -> Text:
    if not any("${" in value for value in text.values.values()):
        return text
    return Text(
        {lang: rewrite(value, repeat, index, expression=False) or "" for lang, value in text.values.items()},
        text.source,
    )


def _instance_question(q: Question, repeat: Repeat, index: int, literal: bool) -> Question:
    def expression(source: str | None) -> str | None:
        return rewrite(source, repeat, index, literal_position=literal)

    return replace(
        q,
        name=key(repeat.name, index, q.name),
        label=_text(q.label, repeat, index),
        hint=_text(q.hint, repeat, index),
        relevant=expression(q.relevant),
        constraint=expression(q.constraint),
        required_when=expression(q.required_when),
        calculation=expression(q.calculation),
        choice_filter=expression(q.choice_filter),
        default_expression=expression(q.default_expression),
        read_only=expression(q.read_only) if isinstance(q.read_only, str) else q.read_only,
        trigger=tuple(
            key(repeat.name, index, name) if name in repeat.questions else name for name in q.trigger
        ),
    )


def _instance_page(page: Page, repeat: Repeat, index: int, literal: bool = True) -> Page:
    conditions = [c for c in (repeat.relevant, page.relevant) if c]
    relevant = (
        conditions[0]
        if len(conditions) == 1
        else (" and ".join(f"({c})" for c in conditions) if conditions else None)
    )
    name = f"{repeat.name}[{index}]" + ("" if page.name == repeat.name else f"/{page.name}")
    return replace(
        page,
        name=name,
        relevant=rewrite(relevant, repeat, index, literal_position=literal),
        questions=tuple(_instance_question(q, repeat, index, literal) for q in page.questions),
        instance=index,
    )


def node_sets(definition: FormDefinition, typed: Mapping[str, Any]) -> dict[str, NodeSet]:
    """Outside its repeat, a question is the node-set of its instances' answers (in order), and the
    repeat is the node-set of its instances (`count(${member})`)."""
    out: dict[str, NodeSet] = {}
    for name, number in definition.instance_counts.items():
        repeat = definition.repeats[name]
        out[name] = NodeSet([""] * number)
        for question in repeat.questions:
            out[question] = NodeSet([typed.get(key(name, i, question), "") for i in range(1, number + 1)])
    return out


def removed(
    definition: FormDefinition, stored: Mapping[str, str], repeat: str, index: int
) -> dict[str, str | None]:
    """The writes that remove instance `index`: the later ones move down one place, the last one's
    keys are cleared, and the count goes down."""
    number = definition.instance_counts.get(repeat, 0)
    questions = definition.repeats[repeat].questions
    values: dict[str, str | None] = {}
    for i in range(index, number + 1):
        for name in questions:
            values[key(repeat, i, name)] = stored.get(key(repeat, i + 1, name)) if i < number else None
    values[count_key(repeat)] = str(max(number - 1, 0))
    return values


def added(definition: FormDefinition, repeat: str) -> dict[str, str | None]:
    """The write that adds an instance at the end."""
    return {count_key(repeat): str(min(definition.instance_counts.get(repeat, 0) + 1, MAX_INSTANCES))}
