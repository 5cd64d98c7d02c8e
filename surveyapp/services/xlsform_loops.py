"""`begin loop over LIST` ... `end loop` made into the groups pyxform's builder makes of it.

pyxform (builder `_create_loop_from_dict`) writes a loop as a group named by the loop holding one
group per choice of the list (named by the choice, labelled by its label; a choice `none` is left
out), each with the loop's rows, where `%(name)s` and `%(label)s` in a row's cells become the choice's
name and label (its label in each language). The XForm's paths are `/data/loop/choice/question`, so
a loop's answers are kept under those paths (`loop/choice/question`, services/xlsform_keys) even when
the list has one choice, and `../total` inside a loop is the `total` of the same choice, as ODK reads
it. The import keeps what the author wrote (the loop, its list, each row's cells before the
substitution, the groups around it and the conditions of those within it) so that the XLSForm
download writes the loop back, with the groups that no page keeps (those holding only loops).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from pyxform.builder import SurveyElementBuilder

from .xlsform_keys import SEPARATOR

LOOP_TYPE = re.compile(r"^begin[ _]loop(?: (?:over )?(?P<list>\S+))?$", re.IGNORECASE)
END_LOOP = frozenset({"end loop", "end_loop"})
# A path outside quotes: `../total`, `../../x`, `current()/../total`, `/data/l/car/total`.
PATH = re.compile(
    r"'[^']*'|\"[^\"]*\"|(?:current\(\)\s*/\s*)?(?P<ups>(?:\.\.\s*/\s*)+)"
    r"(?P<name>[A-Za-z_][\w.-]*)|(?<![\w)\].])(?P<absolute>(?:/[A-Za-z_][\w.-]*){2,})"
)
# A reference to a key that is a path (`${l/car/total}`), written back as pyxform reads it.
PATH_REF = re.compile(r"'[^']*'|\"[^\"]*\"|\$\{(?P<key>[A-Za-z_][\w.-]*(?:/[A-Za-z_][\w.-]*)+)\}")
# The bind cells whose paths are read from the question (`..` is the question's group).
PATH_CELLS = ("relevant", "constraint", "calculate", "required", "readonly")
# Marks pyxform's JSON of an expanded loop: the loop group carries its list, the choice groups a flag.
LOOP = "_loop"
CHOICE = "_loop_choice"
TEMPLATE = "_loop_template"
WRITTEN_BIND = "_loop_bind"


def expand_loops(data: dict[str, Any]) -> dict[str, Any]:
    """pyxform's JSON with each loop made its groups (the same object when there is no loop)."""
    choices = data.get("choices") or {}

    def expand(children: list[dict[str, Any]], first: bool) -> list[dict[str, Any]]:
        out = []
        for child in children:
            if child.get("type") == "loop":
                child = _loop_group(child, choices, first, expand)
            elif child.get("type") in ("group", "repeat"):
                child = {**child, "children": expand(child.get("children", []), first)}
            out.append(child)
        return out

    if not _has_loop(data.get("children", [])):
        return data
    return {**data, "children": expand(data.get("children", []), True)}


def _has_loop(children: Iterable[dict[str, Any]]) -> bool:
    return any(c.get("type") == "loop" or _has_loop(c.get("children", [])) for c in children)


def _loop_group(
    loop: dict[str, Any], choices: dict[str, list[dict[str, Any]]], first: bool, expand: Any
) -> dict[str, Any]:
    columns = [c for c in loop.get("columns", []) if c.get("name") != "none"]
    list_name = next((name for name, items in choices.items() if items == loop.get("columns")), "")
    groups = []
    for position, column in enumerate(columns):
        written = first and position == 0  # the rows the XLSForm download writes back
        children = []
        for child in loop.get("children", []):
            made = SurveyElementBuilder._name_and_label_substitutions(child, column)
            if made.get("type") == "loop":
                made = _loop_group(made, choices, written, expand)
            elif made.get("type") in ("group", "repeat"):
                made = {**made, "children": expand(made.get("children", []), written)}
                if written:
                    _mark_written(made["children"])
            elif written:
                made[TEMPLATE] = child
            children.append(made)
        group = {"type": "group", "name": column["name"], CHOICE: True, "children": children}
        if column.get("label") is not None:
            group["label"] = column["label"]
        groups.append(group)
    own = {k: v for k, v in loop.items() if k not in ("type", "columns", "children")}
    return {**own, "type": "group", LOOP: list_name, "children": groups}


def _mark_written(children: list[dict[str, Any]]) -> None:
    """Questions of a group inside a loop are written back as they are (pyxform substitutes only
    the loop's own rows); their paths are still resolved, so they keep their cells as written."""
    for child in children:
        if child.get("type") in ("group", "repeat"):
            _mark_written(child.get("children", []))
        elif TEMPLATE not in child:
            child[TEMPLATE] = dict(child)


def in_loop(groups: Sequence[dict[str, Any]]) -> bool:
    """True for a question inside a loop (its key is its whole path)."""
    return any(g.get(CHOICE) for g in groups)


def resolve_paths(data: dict[str, Any], keys: dict[tuple[str, ...], str]) -> dict[str, Any]:
    """pyxform's JSON with the paths that name a question kept under its path made references to
    its key (`../total` in `l/car/working` is `${l/car/total}`, as ODK reads it: the total of the
    same choice; `/data/l/bike/total` is `${l/bike/total}`); other paths are left as they are,
    read by their last name. A loop's group keeps its cells as written (`WRITTEN_BIND`)."""

    def visit(children: list[dict[str, Any]], outer: tuple[str, ...], looped: bool) -> list[dict[str, Any]]:
        out = []
        for child in children:
            own = (*outer, child["name"])
            inside = looped or bool(child.get(CHOICE))
            if child.get("bind"):
                bind = {
                    name: _resolved(value, own, keys)
                    if name in PATH_CELLS and isinstance(value, str)
                    else value
                    for name, value in child["bind"].items()
                }
                if bind != child["bind"] and "children" in child and inside:
                    child = {**child, WRITTEN_BIND: child["bind"]}
                child = {**child, "bind": bind}
            if "children" in child:
                child = {**child, "children": visit(child["children"], own, inside)}
            out.append(child)
        return out

    return {**data, "children": visit(data.get("children", []), (), False)}


def _resolved(source: str, own: tuple[str, ...], keys: dict[tuple[str, ...], str]) -> str:
    def resolve(match: re.Match[str]) -> str:
        if match["absolute"] is not None:
            key = keys.get(tuple(match["absolute"].split("/")[2:]))
        elif match["ups"] is not None:
            ups = match["ups"].count("..")
            key = keys.get((*own[: len(own) - ups], match["name"])) if ups < len(own) else None
        else:
            return match[0]
        return "${" + key + "}" if key and SEPARATOR in key else match[0]

    return PATH.sub(resolve, source)


def written_paths(source: str, root: str = "data") -> str:
    """An expression as the workbook holds it: a reference to a path key as pyxform's absolute
    path (`${l/car/total}` is `/data/l/car/total`), which the import reads back as the same key."""
    return PATH_REF.sub(lambda m: f"/{root}/{m['key']}" if m["key"] else m[0], source)


def loops_of(data: dict[str, Any], text: Any) -> dict[str, dict[str, Any]]:
    """Each loop as the author wrote it: its list, label, own relevant and first choice (the
    download writes the loop's rows once, from that choice's questions), and for a loop in no
    other the groups around it (`around`, outermost first: their name, label, condition and
    appearance), which no page keeps where they hold nothing but loops."""
    loops: dict[str, dict[str, Any]] = {}

    def visit(children: list[dict[str, Any]], path: tuple[dict[str, Any], ...], loop: str | None) -> None:
        for child in children:
            own = (*(g["name"] for g in path), child["name"])
            if LOOP in child:
                first = next((c["name"] for c in child.get("children", [])), "")
                loops[child["name"]] = {
                    "list": child[LOOP],
                    "label": text(child.get("label")),
                    "relevant": (child.get("bind") or {}).get("relevant"),
                    "first": first,
                    "templates": {},
                    "groups": {},
                    **({"around": [_group_around(g, text) for g in path]} if path and loop is None else {}),
                }
            # The outermost loop this child is in or is (a loop's siblings are in none).
            outer = loop or (child["name"] if LOOP in child else None)
            # A group's condition within a loop, as written: kept too where it holds only a
            # loop, whose pages are not the group's.
            written = child.get(WRITTEN_BIND)
            if written is None and loop is not None and _plain_group(child):
                written = child.get("bind") if (child.get("bind") or {}).get("relevant") else None
            if outer is not None and written is not None:
                within = within_loop(SEPARATOR.join(own) + SEPARATOR, outer)[:-1]
                loops[outer]["groups"][within] = written.get("relevant") or ""
            if "children" in child:
                visit(child["children"], (*path, child), outer)

    visit(data.get("children", []), (), None)
    return loops


def _plain_group(child: dict[str, Any]) -> bool:
    """A group the author wrote (not a loop, nor the group of one of its choices)."""
    return child.get("type") == "group" and LOOP not in child and not child.get(CHOICE)


def _group_around(group: dict[str, Any], text: Any) -> dict[str, Any]:
    """A group around a loop as the download writes it."""
    return {
        "name": group["name"],
        "label": text(group.get("label")),
        "relevant": (group.get("bind") or {}).get("relevant") or None,
        "appearance": (group.get("control") or {}).get("appearance") or None,
    }


def groups_around(loops: dict[str, Any]) -> dict[tuple[str, ...], dict[str, Any]]:
    """The groups around the loops, by their path: an entry stored before they were kept has none."""
    found: dict[tuple[str, ...], dict[str, Any]] = {}
    for loop in loops.values():
        around = loop.get("around") or []
        for level, group in enumerate(around):
            found.setdefault(tuple(g["name"] for g in around[: level + 1]), group)
    return found


# pyxform's loop substitutes into a cell that holds one text or into a row's texts per language
# (label, hint), not into the messages of its bind: a translated one fails its builder.
BIND_MESSAGES = {"jr:constraintMsg": "constraint_message", "jr:requiredMsg": "required_message"}


def translated_messages(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(question, column) of each translated constraint or required message in a loop."""
    found: list[tuple[str, str]] = []

    def visit(children: list[dict[str, Any]], looped: bool) -> None:
        for child in children:
            inside = looped or child.get("type") == "loop"
            if inside and isinstance(child.get("bind"), dict):
                found.extend(
                    (child["name"], column)
                    for cell, column in BIND_MESSAGES.items()
                    if isinstance(child["bind"].get(cell), dict)
                )
            visit(child.get("children", []), inside)

    visit(data.get("children", []), False)
    return found


def loops_in_repeats(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(loop, repeat) for each loop inside a repeat: refused, since an instance's key would hold
    a path (`member[2]/fleet/car/total`), which exports and the kiosk do not read yet."""
    found: list[tuple[str, str]] = []

    def visit(children: list[dict[str, Any]], repeat: str | None) -> None:
        for child in children:
            if LOOP in child and repeat is not None:
                found.append((child["name"], repeat))
            if "children" in child:
                visit(child["children"], child["name"] if child.get("type") == "repeat" else repeat)

    visit(data.get("children", []), None)
    return found


def loop_of(groups: Sequence[dict[str, Any]]) -> str | None:
    """The outermost loop a question is in."""
    return next((g["name"] for g in groups if LOOP in g), None)


def template_fields(made: dict[str, Any], template: dict[str, Any]) -> dict[str, Any]:
    """The fields of a loop's question that differ when built from the row as written."""
    return {name: value for name, value in template.items() if made.get(name) != value}


def within_loop(key: str, loop: str) -> str:
    """A loop question's key after its loop and choice (`l/car/g/x` in loop `l`: `g/x`)."""
    parts = key.split(SEPARATOR)
    return SEPARATOR.join(parts[parts.index(loop) + 2 :]) if loop in parts[:-1] else key


def loop_kinds(path: Sequence[str], loops: dict[str, Any]) -> list[str]:
    """What each group of a loop page's path is: a loop, the group of one choice, or a group."""
    kinds: list[str] = []
    for level, name in enumerate(path):
        if level and kinds[-1] == "loop":
            kinds.append("choice")
        else:
            kinds.append("loop" if name in loops and level + 1 < len(path) else "group")
    return kinds


def written_relevant(loops: dict[str, Any], loop: str, path: Sequence[str]) -> str | None:
    """The `relevant` a group inside a loop was written with (its paths relative), if it had one."""
    within = within_loop(SEPARATOR.join(path) + SEPARATOR, loop)[:-1]
    return loops[loop].get("groups", {}).get(within)


def written_once(path: Sequence[str], kinds: Sequence[str], loops: dict[str, Any]) -> bool:
    """Whether the download writes this page: a loop's rows are those of its first choice."""
    return all(
        kinds[level] != "choice" or name == loops[path[level - 1]]["first"] for level, name in enumerate(path)
    )
