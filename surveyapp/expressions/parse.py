"""Tokenizer and precedence-climbing parser: expression text into a small immutable tree.

Paths as pyxform writes them become tree nodes: a path to a question (`/data/group/q`, `../q`,
`current()/../q`) is a reference by its last step's name (names are unique in a form); `.` is the answer
being checked (or, inside a predicate, the item being filtered); `..` is its group (no value; position(..));
`instance('list')/root/item[pred]/field` reads a choice list or attached CSV from the evaluation context.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from .functions import FUNCTIONS, question_name

MAX_DEPTH = 50


class ExpressionError(ValueError):
    """An expression outside the supported subset; the message names the problem and position."""


TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?|\.\d+)|(?P<str>'[^']*'|\"[^\"]*\")|(?P<ref>\$\{[A-Za-z_][\w.-]*(?:(?:\[\d+\])?/[A-Za-z_][\w.-]*)*\})"
    r"|(?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,|/|\[|\])|(?P<name>[A-Za-z_][\w:-]*)|(?P<dotdot>\.\.)"
    r"|(?P<dot>\.))"
)


@dataclass(frozen=True)
class Node:
    # num, str, ref, dot, parent, current, field, inst, step, op, neg, call
    kind: str
    value: Any = None
    args: tuple[Node, ...] = ()


# pyxform's reference to the last saved form's answer (its `instance('__last-saved')`).
LAST_SAVED = re.compile(r"\s*(\$\{last-saved#[^}]*\})")


def _tokens(source: str) -> list[tuple[str, str, int]]:
    tokens, position = [], 0
    while position < len(source):
        if source[position:].strip() == "":
            break
        match = TOKEN.match(source, position)
        if not match or match.end() == position:
            last_saved = LAST_SAVED.match(source, position)
            if last_saved:
                raise ExpressionError(
                    f"{last_saved[1]} (at {last_saved.start(1) + 1}) reads the form last saved on the same "
                    "phone, which ODK Collect keeps and a web survey does not: each person answers a form "
                    "of their own. Ask the question, or give it a default."
                )
            raise ExpressionError(f"unexpected {source[position:].strip()[:10]!r} at {position + 1}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind), match.start(kind)))
        position = match.end()
    return tokens


BINARY = [("or",), ("and",), ("=", "!="), ("<", "<=", ">", ">="), ("+", "-"), ("*", "div", "mod")]
MAX_INSTANCE_STEPS = 3  # root / item / field


class Parser:
    def __init__(self, source: str, known: Collection[str] | None) -> None:
        self.tokens = _tokens(source)
        self.i = 0
        self.known = known
        self.references: set[str] = set()
        self.children: set[str] = set()  # bare names outside a predicate
        self.predicates = 0  # how deep inside [...] the parser is

    def peek(self, ahead: int = 0) -> tuple[str, str, int] | None:
        return self.tokens[self.i + ahead] if self.i + ahead < len(self.tokens) else None

    def next_is(self, text: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "op" and token[1] == text

    def take(self, text: str | None = None) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise ExpressionError("the expression ends too early" + (f"; expected {text!r}" if text else ""))
        if text is not None and token[1] != text:
            raise ExpressionError(f"expected {text!r} at {token[2] + 1}, found {token[1]!r}")
        self.i += 1
        return token

    def parse(self) -> Node:
        node = self.binary(0, 0)
        if self.peek() is not None:
            token = self.peek()
            assert token is not None
            raise ExpressionError(f"unexpected {token[1]!r} at {token[2] + 1}")
        return node

    def binary(self, level: int, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise ExpressionError("the expression is nested too deeply")
        if level == len(BINARY):
            return self.unary(depth)
        node = self.binary(level + 1, depth + 1)
        while (token := self.peek()) is not None and token[0] in ("op", "name") and token[1] in BINARY[level]:
            self.i += 1
            node = Node("op", token[1], (node, self.binary(level + 1, depth + 1)))
        return node

    def unary(self, depth: int) -> Node:
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] == "-":
            self.i += 1
            return Node("neg", None, (self.unary(depth + 1),))
        return self.primary(depth)

    def question(self, name: str, where: str) -> Node:
        if self.known is not None and name not in self.known:
            raise ExpressionError(f"unknown question {name!r} in {where}")
        self.references.add(name)
        return Node("ref", name)

    def primary(self, depth: int) -> Node:
        kind, text, position = self.take()
        if kind == "num":
            return Node("num", float(text))
        if kind == "str":
            return Node("str", text[1:-1])
        if kind == "ref":
            return self.question(text[2:-1], text)
        if kind in ("dot", "dotdot") or (kind == "op" and text == "/"):
            self.i -= 1
            return self.question_path(position, None, depth)
        if text == "(":
            node = self.binary(0, depth + 1)
            self.take(")")
            return node
        if kind == "name" and self.next_is("("):
            if text == "instance":
                return self.instance_path(position, depth)
            if text == "current":
                self.take("(")
                self.take(")")
                return self.question_path(position, Node("current"), depth)
            return self.call(text, position, depth)
        if kind == "name" and self.predicates:
            return Node("field", text)
        if kind == "name" and not any(text in ops for ops in BINARY):
            # A bare name is XPath's child step: in a predicate the item's field, elsewhere a
            # child of the question's own node, which never has one (an empty node-set, as in ODK).
            self.children.add(text)
            return Node("field", text)
        raise ExpressionError(f"unexpected {text!r} at {position + 1}")

    def steps(self, depth: int) -> list[tuple[str, tuple[Node, ...], int]]:
        """Path steps (`/name[pred]`, `/..`, `/.`) until the path ends."""
        steps = []
        while self.next_is("/"):
            self.i += 1
            kind, text, position = self.take()
            if kind not in ("name", "dot", "dotdot"):
                raise ExpressionError(f"expected a name after '/' at {position + 1}, found {text!r}")
            predicates = []
            while self.next_is("["):
                self.i += 1
                self.predicates += 1
                predicates.append(self.binary(0, depth + 1))
                self.predicates -= 1
                self.take("]")
            steps.append((text, tuple(predicates), position))
        return steps

    def question_path(self, position: int, base: Node | None, depth: int) -> Node:
        """`/data/g/q`, `../q`, `.`, `..`, `current()/../q`: the question named by the last step."""
        steps = []
        token = self.peek()
        if base is None and token is not None and token[0] in ("dot", "dotdot"):
            self.i += 1
            steps.append((token[1], (), token[2]))
        steps += self.steps(depth)
        if not steps:
            return base or Node("dot")
        if any(predicates for _, predicates, _ in steps):
            raise ExpressionError(f"[...] on a question's path is not supported (at {position + 1})")
        last = steps[-1][0]
        if last == ".":
            return base if base is not None and len(steps) == 1 else Node("dot")
        if last == "..":
            return Node("parent")
        if self.predicates and base is None and token is not None and token[0] in ("dot", "dotdot"):
            return self.question(last, "a path") if token[0] == "dotdot" else Node("field", last)
        return self.question(last, "a path")

    def instance_path(self, position: int, depth: int) -> Node:
        self.take("(")
        kind, name, at = self.take()
        if kind != "str":
            raise ExpressionError(f"instance() takes the name of a list in quotes (at {at + 1})")
        self.take(")")
        steps = self.steps(depth)
        if not steps or len(steps) > MAX_INSTANCE_STEPS or any(s[0] in (".", "..") for s in steps):
            raise ExpressionError(
                f"instance({name}) is read as instance('list')/root/item[...]/field (at {position + 1})"
            )
        return Node("inst", name[1:-1], tuple(Node("step", s, p) for s, p, _ in steps))

    def call(self, name: str, position: int, depth: int) -> Node:
        if name not in FUNCTIONS:
            raise ExpressionError(f"unknown function {name!r} at {position + 1}")
        self.take("(")
        args: list[Node] = []
        if (token := self.peek()) is not None and token[1] != ")":
            args.append(self.binary(0, depth + 1))
            while (token := self.peek()) is not None and token[1] == ",":
                self.i += 1
                args.append(self.binary(0, depth + 1))
        self.take(")")
        function = FUNCTIONS[name]
        if not function.low <= len(args) <= function.high:
            low, high = function.low, function.high
            count = str(low) if low == high else f"{low} to {high}"
            raise ExpressionError(f"{name}() takes {count} arguments")
        if name == "weighted-checklist" and len(args) % 2:
            raise ExpressionError("weighted-checklist() takes min, max, then pairs of response and weight")
        if name == "indexed-repeat" and not len(args) % 2:
            raise ExpressionError("indexed-repeat() takes the value, then pairs of repeat and index")
        if name == "jr:choice-name" and args[1].kind == "str":
            self.question(question_name(args[1].value), f"jr:choice-name at {position + 1}")
        return Node("call", name, tuple(args))
