"""Tokenizer and precedence-climbing parser: expression text into a small immutable tree."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from .values import FUNCTIONS

MAX_DEPTH = 50


class ExpressionError(ValueError):
    """An expression outside the supported subset; the message names the problem and position."""


TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?|\.\d+)|(?P<str>'[^']*'|\"[^\"]*\")|(?P<ref>\$\{[A-Za-z_][\w.-]*\})"
    r"|(?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,)|(?P<name>[A-Za-z_][\w:-]*)|(?P<dot>\.))"
)


@dataclass(frozen=True)
class Node:
    kind: str  # num, str, ref, dot, op, neg, call
    value: Any = None
    args: tuple[Node, ...] = ()


def _tokens(source: str) -> list[tuple[str, str, int]]:
    tokens, position = [], 0
    while position < len(source):
        if source[position:].strip() == "":
            break
        match = TOKEN.match(source, position)
        if not match or match.end() == position:
            raise ExpressionError(f"unexpected {source[position:].strip()[:10]!r} at {position + 1}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind), match.start(kind)))
        position = match.end()
    return tokens


BINARY = [("or",), ("and",), ("=", "!="), ("<", "<=", ">", ">="), ("+", "-"), ("*", "div", "mod")]


class Parser:
    def __init__(self, source: str, known: Collection[str] | None) -> None:
        self.tokens = _tokens(source)
        self.i = 0
        self.known = known
        self.references: set[str] = set()

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

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
        if token is not None and token[1] == "-":
            self.i += 1
            return Node("neg", None, (self.unary(depth + 1),))
        return self.primary(depth)

    def primary(self, depth: int) -> Node:
        kind, text, position = self.take()
        if kind == "num":
            return Node("num", float(text))
        if kind == "str":
            return Node("str", text[1:-1])
        if kind == "dot":
            return Node("dot")
        if kind == "ref":
            name = text[2:-1]
            if self.known is not None and name not in self.known:
                raise ExpressionError(f"unknown question {name!r} in ${{{name}}}")
            self.references.add(name)
            return Node("ref", name)
        if text == "(":
            node = self.binary(0, depth + 1)
            self.take(")")
            return node
        if kind == "name":
            if text not in FUNCTIONS:
                raise ExpressionError(f"unknown function {text!r} at {position + 1}")
            self.take("(")
            args: list[Node] = []
            if (token := self.peek()) is not None and token[1] != ")":
                args.append(self.binary(0, depth + 1))
                while (token := self.peek()) is not None and token[1] == ",":
                    self.i += 1
                    args.append(self.binary(0, depth + 1))
            self.take(")")
            low, high = FUNCTIONS[text][0]
            if not low <= len(args) <= high:
                count = str(low) if low == high else f"{low} to {high}"
                raise ExpressionError(f"{text}() takes {count} arguments")
            return Node("call", text, tuple(args))
        raise ExpressionError(f"unexpected {text!r} at {position + 1}")


