"""Repeats as ODK runs them, to any depth: a repeat's pages asked once per instance, each instance's
answers under its own key (`member[2]/age`, ODK's path, 1-based; within an outer repeat every level
is named, `household[2]/member[3]/age`), so that no instance overwrites another's.

`expand(definition, answers)` gives the definition these answers make: every page of a repeat copied
per instance, its questions renamed to their keys and their expressions made to read that instance,
as ODK's relative references do: inside `household[2]/member[3]`, `${age}` is that member's answer,
`${hh_name}` household 2's, `${member}` and a member's `${age}` on a household page household 2's
node-sets, and `position(..)` the innermost instance's number. Outside every repeat `${age}` is the
node-set of all instances' answers (typed_answers adds them), so `sum(${age})` and `count(${member})`
work as in ODK. With `repeat_count` (read in the outer instance) there are exactly that many
instances; without it the person adds and removes them, and their number is kept under the key
`member[count]` (`household[2]/member[count]`: bookkeeping, never exported). After the last instance
of such a repeat comes its prompt page, "Add another ..." or "No more".
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..expressions import compile_expression
from ..expressions.values import InstanceNodes, NodeSet, to_number
from .definition import FormDefinition, Page, Question, Repeat, Text

# A repeat asked more often than this is cut here: a typo in a count (1000 for 10) must not make a
# thousand pages.
MAX_INSTANCES = 50
# The first instance is there from the start, as in the form ODK builds (pyxform writes one).
FIRST_INSTANCES = 1
NAME = r"[A-Za-z_][\w.-]*"
KEY = re.compile(rf"^(?P<repeat>(?:{NAME}\[\d+\]/)*{NAME})\[(?P<index>\d+)\]/(?P<name>{NAME})$")
STEP = re.compile(rf"(?P<name>{NAME})\[(?P<index>\d+)\]/")
POSITION = re.compile(r"position\(\s*\.\.\s*\)")
REF = re.compile(r"\$\{(?P<ref>[A-Za-z_][\w.-]*)\}")
QUOTED_OR_REF = re.compile(r"'[^']*'|\"[^\"]*\"|" + REF.pattern)

# The instances a page is asked in, outermost first: (("household", 2), ("member", 3)).
Path = tuple[tuple[str, int], ...]


def key(repeat: str, index: int, name: str) -> str:
    """The answer key of a question in one instance: `member[2]/age`; `repeat` may carry the outer
    instances (`household[2]/member`)."""
    return f"{repeat}[{index}]/{name}"


def count_key(repeat: str) -> str:
    """Where the number of instances of a repeat without `repeat_count` is kept (`member[count]`,
    `household[2]/member[count]` within an outer instance)."""
    return f"{repeat}[count]"


def parse_key(name: str) -> tuple[str, int, str] | None:
    """(repeat, index, question) of an instance key, None for a plain name. A nested key's repeat
    keeps its outer instances: `household[2]/member[3]/age` is ("household[2]/member", 3, "age"),
    so that key(*parse_key(k)) == k at every depth."""
    match = KEY.match(name)
    return (match["repeat"], int(match["index"]), match["name"]) if match else None


def repeat_name(repeat: str) -> str:
    """The repeat's own name in a repeat path (`member` of `household[2]/member`)."""
    return repeat.rsplit("/", 1)[-1]


def prefix(path: Path) -> str:
    """The key prefix of an instance path: `household[2]/member[3]/`."""
    return "".join(f"{name}[{index}]/" for name, index in path)


def chain(definition: FormDefinition, repeat: str | None) -> tuple[str, ...]:
    """The repeats a page of `repeat` is inside, outermost first, itself last."""
    out: list[str] = []
    while repeat is not None and repeat not in out:
        out.insert(0, repeat)
        repeat = definition.repeats[repeat].parent
    return tuple(out)


def bookkeeping(definition: FormDefinition) -> frozenset[str]:
    """Stored keys that are no answers (instance counts): kept at submit, left out of exports."""
    own = {count_key(r.name) for r in definition.repeats.values() if r.count is None and r.parent is None}
    nested = {
        count_key(path)
        for path in definition.instance_counts
        if definition.repeats[repeat_name(path)].count is None
    }
    return frozenset(own | nested)


def sent_whole(
    definition: FormDefinition, raw: Mapping[str, Any]
) -> tuple[FormDefinition, dict[str, str], dict[str, Any]]:
    """A response sent whole (a kiosk's outbox): the definition its instance counts make, those
    counts (kept as they are, never checked as answers) and the answers without them."""
    if not definition.repeats:
        return definition, {}, dict(raw)
    definition = expand(definition, raw)
    kept = {name: str(raw[name]) for name in bookkeeping(definition) if str(raw.get(name, "")).isdigit()}
    return definition, kept, {name: value for name, value in raw.items() if name not in kept}


def counts(definition: FormDefinition, stored: Mapping[str, str | None]) -> dict[str, int]:
    """How many instances each repeat has for these answers, under its path (`member`, and
    `household[2]/member` for each instance of an outer repeat)."""
    from .context import current_context, typed_answers

    out: dict[str, int] = {}
    answers = typed_answers(definition, {k: v for k, v in stored.items() if v})
    children: dict[str | None, list[Repeat]] = {}
    for repeat in definition.repeats.values():
        children.setdefault(repeat.parent, []).append(repeat)

    def visit(parent: str | None, path: Path) -> None:
        for repeat in children.get(parent, []):
            where = prefix(path) + repeat.name
            if repeat.count is not None:
                source = _rewrite(definition, repeat.count, path) or repeat.count
                value = to_number(compile_expression(source).evaluate(answers, context=current_context()))
                number = 0 if math.isnan(value) else int(value)
            else:
                text = stored.get(count_key(where))
                number = int(text) if text and text.isdigit() else FIRST_INSTANCES
            out[where] = max(0, min(number, MAX_INSTANCES))
            for index in range(1, out[where] + 1):
                visit(repeat.name, (*path, (repeat.name, index)))

    visit(None, ())
    return out


def expand(
    definition: FormDefinition,
    stored: Mapping[str, Any],
    numbers: Mapping[str, int] | None = None,
    *,
    literal_position: bool = True,
) -> FormDefinition:
    """The definition these answers make: each repeat's pages once per instance (the same object
    for a form without repeats). `numbers` sets the instances by repeat path (the kiosk's offline
    page starts from one of each, and keeps `position(..)` for its script to evaluate)."""
    if not definition.repeats:
        return definition
    static = definition.stored_pages or definition.pages
    definition = replace(definition, pages=static, instance_counts={}, stored_pages=())
    numbers = dict(numbers) if numbers is not None else counts(definition, stored)
    chains = {name: chain(definition, name) for name in definition.repeats}

    def pages_of(run: list[Page], path: Path) -> list[Page]:
        out: list[Page] = []
        depth, position = len(path), 0
        last: int | None = None  # this instance's own page calculations join
        while position < len(run):
            page = run[position]
            own = chains.get(page.repeat or "", ())
            if len(own) == depth:
                made = _instance_page(definition, page, path, literal_position) if path else page
                if path and last is not None and all(q.type == "calculate" for q in page.questions):
                    # Calculations after an inner repeat: nothing to ask, kept with the instance's
                    # first page rather than shown as an empty one.
                    out[last] = replace(out[last], questions=out[last].questions + made.questions)
                else:
                    last = len(out)
                    out.append(made)
                position += 1
                continue
            name = own[depth]
            inner = []
            while position < len(run) and chains.get(run[position].repeat or "", ())[depth:][:1] == (name,):
                inner.append(run[position])
                position += 1
            repeat = definition.repeats[name]
            where = prefix(path) + name
            for index in range(1, numbers.get(where, 0) + 1):
                out.extend(pages_of(inner, (*path, (name, index))))
            if repeat.count is None:
                relevant = _rewrite(definition, _all_relevant(definition, chains[name]), path)
                out.append(
                    Page(
                        f"{where}[+]",
                        repeat.label,
                        relevant,
                        (),
                        repeat=name,
                        instance=None,
                        scope=prefix(path),
                    )
                )
        return out

    pages = pages_of(list(static), ())
    return replace(definition, pages=tuple(pages), instance_counts=numbers, stored_pages=static)


def _all_relevant(definition: FormDefinition, repeats: tuple[str, ...], own: str | None = None) -> str | None:
    conditions = [c for c in (*(definition.repeats[r].relevant for r in repeats), own) if c]
    if len(conditions) <= 1:
        return conditions[0] if conditions else None
    return " and ".join(f"({c})" for c in conditions)


def _owner(definition: FormDefinition) -> dict[str, tuple[str, ...]]:
    """Each name a repeat holds (its questions, and each repeat itself as the node-set of its
    instances) with the repeats whose instances it is read in, outermost first."""
    owners: dict[str, tuple[str, ...]] = {}
    for repeat in definition.repeats.values():
        own = chain(definition, repeat.name)
        owners.setdefault(repeat.name, own[:-1])
        for question in repeat.questions:
            owners.setdefault(question, own)
    return owners


def _rewrite(
    definition: FormDefinition,
    source: str | None,
    path: Path,
    *,
    expression: bool = True,
    literal_position: bool = True,
) -> str | None:
    """An expression (or a label's `${name}`s) as the instance at `path` reads it: a name of a
    repeat on the path is read in the instance the path gives, or as the node-set under the
    deepest instance the two share. Text in quotes is left as it is (jr:choice-name's '${q}')."""
    if not source or not path:
        return source
    owners = _owner(definition)
    repeats = [name for name, _index in path]

    def ref(match: re.Match[str]) -> str:
        name = match["ref"]
        if name is None or name not in owners:
            return match[0]
        shared = 0
        for mine, theirs in zip(repeats, owners[name], strict=False):
            if mine != theirs:
                break
            shared += 1
        return "${" + prefix(path[:shared]) + name + "}" if shared else match[0]

    rewritten = (QUOTED_OR_REF if expression else REF).sub(ref, source)
    if expression and literal_position:
        return POSITION.sub(str(path[-1][1]), rewritten)
    return rewritten


def _text(definition: FormDefinition, text: Text, path: Path) -> Text:
    if not any("${" in value for value in text.values.values()):
        return text
    return Text(
        {
            lang: _rewrite(definition, value, path, expression=False) or ""
            for lang, value in text.values.items()
        },
        text.source,
    )


def _instance_question(definition: FormDefinition, q: Question, path: Path, literal: bool) -> Question:
    def expression(source: str | None) -> str | None:
        return _rewrite(definition, source, path, literal_position=literal)

    here = definition.repeats[path[-1][0]].questions
    return replace(
        q,
        name=prefix(path) + q.name,
        label=_text(definition, q.label, path),
        hint=_text(definition, q.hint, path),
        heading=_text(definition, q.heading, path) if q.heading else None,
        relevant=expression(q.relevant),
        constraint=expression(q.constraint),
        required_when=expression(q.required_when),
        calculation=expression(q.calculation),
        choice_filter=expression(q.choice_filter),
        default_expression=expression(q.default_expression),
        read_only=expression(q.read_only) if isinstance(q.read_only, str) else q.read_only,
        trigger=tuple(prefix(path) + name if name in here else name for name in q.trigger),
    )


def _instance_page(definition: FormDefinition, page: Page, path: Path, literal: bool = True) -> Page:
    repeats = tuple(name for name, _index in path)
    relevant = _all_relevant(definition, repeats, page.relevant)
    repeat, index = path[-1]
    scope = prefix(path[:-1])
    name = f"{scope}{repeat}[{index}]" + ("" if page.name == repeat else f"/{page.name}")
    return replace(
        page,
        name=name,
        relevant=_rewrite(definition, relevant, path, literal_position=literal),
        questions=tuple(_instance_question(definition, q, path, literal) for q in page.questions),
        instance=index,
        scope=scope,
    )


def node_sets(definition: FormDefinition, typed: Mapping[str, Any]) -> dict[str, NodeSet]:
    """A repeat's question read outside its instance is the node-set of the instances' answers (in
    order) under the deepest instance both share (`household[2]/age`: household 2's members'; `age`:
    every member's), and a repeat is the node-set of its instances (`count(${member})`). Each node
    keeps its instance path, for indexed-repeat() over several levels."""
    out: dict[str, list[Any]] = {}
    paths: dict[str, list[Path]] = {}
    for where, number in definition.instance_counts.items():
        repeat = definition.repeats[repeat_name(where)]
        outer = _path(where)
        scopes = ["", *(where[: m.end()] for m in STEP.finditer(where))]
        for index in range(1, number + 1):
            path = (*outer, (repeat.name, index))
            for scope in scopes:
                for name in (repeat.name, *repeat.questions):
                    value = "" if name == repeat.name else typed.get(key(where, index, name), "")
                    out.setdefault(scope + name, []).append(value)
                    paths.setdefault(scope + name, []).append(path)
    whole = {name: InstanceNodes(out[name], paths[name]) for name in out if "/" not in name}
    return {
        name: whole[name]
        if name in whole
        else InstanceNodes(values, paths[name], _path(name), whole.get(name.rsplit("/", 1)[-1]))
        for name, values in out.items()
    }


def _path(scoped: str) -> Path:
    """The instance a scoped name is read in: (("household", 2),) for `household[2]/age`."""
    return tuple((m["name"], int(m["index"])) for m in STEP.finditer(scoped))


def removed(
    definition: FormDefinition, stored: Mapping[str, str | None], repeat: str, index: int
) -> dict[str, str | None]:
    """The writes that remove instance `index` of `repeat` (a repeat path): the later instances,
    with every answer and count inside them, move down one place, the last one's keys are
    cleared, and the count goes down."""
    number = definition.instance_counts.get(repeat, 0)
    step = re.compile(re.escape(repeat) + r"\[(?P<index>\d+)\]/(?P<rest>.+)$")
    values: dict[str, str | None] = {}
    moved: dict[str, str | None] = {}
    for name, value in stored.items():
        match = step.match(name)
        if match is None or int(match["index"]) < index:
            continue
        values[name] = None
        if int(match["index"]) > index:
            moved[f"{repeat}[{int(match['index']) - 1}]/{match['rest']}"] = value
    values.update(moved)
    values[count_key(repeat)] = str(max(number - 1, 0))
    return values


def added(definition: FormDefinition, repeat: str) -> dict[str, str | None]:
    """The write that adds an instance at the end of `repeat` (a repeat path)."""
    return {count_key(repeat): str(min(definition.instance_counts.get(repeat, 0) + 1, MAX_INSTANCES))}
