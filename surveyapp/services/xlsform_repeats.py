"""`begin repeat` ... `end repeat` read from pyxform's JSON (a child of type `repeat`).

A repeat is recorded in the definition JSON once (`repeats`: label, `repeat_count`, the `relevant` of
the repeat and of the groups around it) and each of its pages names it (`repeat`); survey.repeats then
asks its pages once per instance. A repeat within a repeat names the one around it (`parent`): its
instances are asked within each of the outer one's, under keys that name every level.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from flask_babel import lazy_gettext as _l

from ..survey.repeats import MAX_INSTANCES
from .xlsform_expressions import at, checked_expression
from .xlsform_paging import field_listed, style_pages
from .xlsform_report import Finding

KEY_LENGTH = 100  # answers.question

Groups = tuple[dict[str, Any], ...]


def is_repeated(groups: Groups) -> bool:
    """True when the question of these enclosing groups is inside a repeat."""
    return any(g.get("type") == "repeat" for g in groups)


def inside_repeat(groups: Groups) -> Groups:
    """The groups within the innermost repeat (all of them outside any repeat)."""
    for position in range(len(groups) - 1, -1, -1):
        if groups[position].get("type") == "repeat":
            return groups[position + 1 :]
    return groups


def repeat_of_page(groups: Groups) -> dict[str, str]:
    """The `repeat` entry of a page's JSON (nothing for a page outside repeats)."""
    repeats = [g["name"] for g in groups if g.get("type") == "repeat"]
    return {"repeat": repeats[-1]} if repeats else {}


def repeats_of(
    data: dict[str, Any],
    text: Callable[[Any], dict[str, str]],
    names: set[str],
    problems: list[Finding],
    where: Callable[..., Finding],
) -> dict[str, dict[str, Any]]:
    """Each repeat of the form: label, count expression (pyxform's `jr:count`: a reference, to a
    calculate of its own when the author wrote a number or an expression), relevant."""
    repeats: dict[str, dict[str, Any]] = {}
    paged = style_pages(data)

    def visit(children: list[dict[str, Any]], outer: Groups) -> None:
        for child in children:
            if child.get("type") not in ("group", "repeat") or child.get("name") == "meta":
                continue
            name = child["name"]
            if child["type"] == "repeat":
                enclosing = [g["name"] for g in outer if g.get("type") == "repeat"]
                # The groups between the repeat and the one around it: the outer repeat's own
                # condition (and those around it) apply through it (survey.repeats).
                conditions = [
                    c
                    for g in (*inside_repeat(outer), child)
                    if (
                        c := checked_expression(
                            g.get("bind", {}).get("relevant"), names, where(g["name"], "relevant"), problems
                        )
                    )
                ]
                for question in _questions(child):
                    longest = "".join(f"{r}[{MAX_INSTANCES}]/" for r in (*enclosing, name)) + question
                    if len(longest) > KEY_LENGTH:
                        problems.append(
                            at(
                                where(question, "name"),
                                _l(
                                    "The answers of %(name)s are kept as %(key)s, longer than %(limit)d "
                                    "characters: shorten the name of the question or of its repeat.",
                                    name=question,
                                    key=longest,
                                    limit=KEY_LENGTH,
                                ),
                            )
                        )
                count = (child.get("control") or {}).get("jr:count")
                repeats[name] = {
                    "label": text(child.get("label")),
                    "count": checked_expression(count, names, where(name, "repeat_count"), problems),
                    "relevant": conditions[0]
                    if len(conditions) == 1
                    else (" and ".join(f"({c})" for c in conditions) if conditions else None),
                    **({"parent": enclosing[-1]} if enclosing else {}),
                    # Under `style pages` (it or a group around it field-list) an instance is
                    # then one page (services/xlsform_paging.py), and it is written back so.
                    **({"field_list": True} if paged and field_listed((*outer, child)) else {}),
                }
            visit(child.get("children", []), (*outer, child))

    visit(data.get("children", []), ())
    return repeats


def _questions(container: dict[str, Any]) -> Iterator[str]:
    for child in container.get("children", []):
        if child.get("type") == "group":
            yield from _questions(child)
        elif child.get("type") == "repeat":  # checked with its own keys
            continue
        else:
            yield child["name"]


def fold_counts(data: dict[str, Any]) -> dict[str, Any]:
    """pyxform's JSON with the calculate it makes for a `repeat_count` that is no plain reference
    (`<repeat>_count`, just before the repeat) folded back into the repeat's count: the author wrote
    one cell, and writing it back as one cell gives pyxform's calculate again."""

    def fold(children: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for child in children:
            if child.get("type") in ("group", "repeat"):
                child = {**child, "children": fold(child.get("children", []))}
            previous = out[-1] if out else None
            count = str((child.get("control") or {}).get("jr:count") or "")
            if (
                child.get("type") == "repeat"
                and previous is not None
                and previous.get("type") == "calculate"
                and previous.get("name") == f"{child['name']}_count"
                and count == "${" + previous["name"] + "}"
                and (previous.get("bind") or {}).get("readonly") == "true()"
            ):
                out.pop()
                child = {
                    **child,
                    "control": {**child["control"], "jr:count": previous["bind"].get("calculate")},
                }
            out.append(child)
        return out

    return {**data, "children": fold(data.get("children", []))}
