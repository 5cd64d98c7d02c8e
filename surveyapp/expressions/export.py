"""Expression trees as plain JSON, for the browser: it evaluates the tree and never parses text."""

from __future__ import annotations

from typing import Any

from . import compile_expression
from .parse import Node


def _node(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"k": node.kind, "v": node.value}
    if node.args:
        out["a"] = [_node(arg) for arg in node.args]
    return out


def tree_json(source: str) -> dict[str, Any]:
    return _node(compile_expression(source).tree)
