"""XLSForm out: stored definition JSON written back as a workbook that imports to the same JSON
(services.xlsform reads it; tests/services/test_xlsform_roundtrip.py holds the two to each other)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from ..survey.answers import number_text
from ..survey.definition import FormDefinition
from . import attached_choices, form_media
from .xlsform_choices import select_parameters
from .xlsform_keys import author_name, enclosing_groups
from .xlsform_loops import (
    groups_around,
    loop_kinds,
    within_loop,
    written_once,
    written_paths,
    written_relevant,
)
from .xlsform_media import written_parameters

# The survey sheet's columns that hold expressions (their ${} become paths where a name is used twice).
EXPRESSION_COLUMNS = frozenset(
    {
        "required",
        "relevant",
        "constraint",
        "calculation",
        "default",
        "choice_filter",
        "read_only",
        "repeat_count",
    }
)

# The `instance::analysis` cell written for each role (read back by services/xlsform).
ANALYSIS_CELLS = {"barriers": "themes", "assets": "assets", "auto": "yes"}


def _parameters(bounds: list[float] | None) -> str:
    if not bounds:
        return ""
    return " ".join(
        f"{key}={number_text(value)}" for key, value in zip(("start", "end", "step"), bounds, strict=True)
    )


def _read_only_cell(q: dict[str, Any]) -> str:
    read_only = q.get("read_only")
    return "yes" if read_only is True else (read_only or "")


def _group_condition(page: dict[str, Any]) -> str:
    """The condition of a page's groups: its own, but for a page of one question under `style
    pages`, which also takes the question's (services/xlsform_paging.py)."""
    return (page["group_relevant"] if "group_relevant" in page else page.get("relevant")) or ""


def _group_path(page: dict[str, Any]) -> list[str]:
    """The groups a page is written in: those its questions' keys name, else its own group."""
    for q in page["questions"]:
        # A key names the groups within a field-list page too (`within`): the page is the outer's.
        groups = enclosing_groups(q["name"])
        if groups := groups[: len(groups) - len(q.get("within") or ())]:
            return groups
    return [] if page["name"].startswith("_") else [page["name"]]


def _own_relevant(relevant: str, outer: list[str]) -> str:
    """A page's condition less those of the groups written around it (import joins them again)."""
    if not outer or not relevant:
        return relevant
    if relevant == (outer[0] if len(outer) == 1 else " and ".join(f"({c})" for c in outer)):
        return ""  # the outer groups' conditions alone
    prefix = "".join(f"({c}) and " for c in outer)
    if relevant.startswith(prefix + "(") and relevant.endswith(")"):
        return relevant[len(prefix) + 1 : -1]
    return relevant


def _write_paths(survey: Worksheet) -> None:
    """Expressions naming a key that is a path (`${g/x}`) written as pyxform's paths (`/data/g/x`):
    pyxform refuses `${}` of a name used twice."""
    header = [cell.value for cell in survey[1]]
    columns = [i for i, name in enumerate(header) if name in EXPRESSION_COLUMNS]
    for row in survey.iter_rows(min_row=2):
        for i in columns:
            value = row[i].value if i < len(row) else None
            if isinstance(value, str) and "/" in value:
                row[i].value = written_paths(value)


def to_xlsx(definition: dict[str, Any], form_id: str) -> bytes:
    """Write stored definition JSON back as an XLSForm workbook that imports to the same JSON:
    translations as `label::Name (code)` columns, choice lists under their own names."""
    form = FormDefinition.from_json(definition)
    langs = list(form.languages)
    names = form.language_names
    source = form.source_language

    def header(kind: str) -> list[str]:
        # A source language without a name was the workbook's plain `label` column.
        return [
            kind if code == source and not names.get(code) else f"{kind}::{names.get(code) or code} ({code})"
            for code in langs
        ]

    def cells(values: dict[str, str] | None) -> list[str]:
        return [(values or {}).get(code, "") for code in langs]

    workbook = openpyxl.Workbook()
    survey = workbook.active
    if not isinstance(survey, Worksheet):  # a new workbook starts with one worksheet
        raise TypeError("openpyxl.Workbook() gave no worksheet to write the survey sheet on")
    survey.title = "survey"
    survey.append(
        [
            "type",
            "name",
            *header("label"),
            *header("hint"),
            *header("guidance_hint"),
            "required",
            "relevant",
            "constraint",
            *header("constraint_message"),
            *header("required_message"),
            "appearance",
            "calculation",
            "parameters",
            "default",
            "instance::analysis",
            "choice_filter",
            "read_only",
            "trigger",
            "repeat_count",
            # pyxform's loop substitutes in plain cells only: a loop's messages go here.
            *(["constraint_message", "required_message"] if definition.get("loops") else []),
            "body::accept",
            *form_media.headers(definition, header),
        ]
    )
    blank = [""] * len(langs)
    for item in [*definition.get("metadata", []), *definition.get("externals", [])]:
        survey.append([item["type"], item["name"]])
    # (name, own condition, page condition, kind) of the groups written and not ended yet; a group
    # named in keys is written with the label and condition of its own page, where it has one. A
    # loop is written once (`begin loop over LIST`), with the rows of its first choice as written.
    open_groups: list[tuple[str, str, str, str]] = []
    own_page = {tuple(_group_path(p)): p for p in reversed(definition["pages"])}
    loops = definition.get("loops") or {}
    outside = groups_around(loops)  # groups of no page of their own, around a loop

    def begin_loop(name: str) -> str:
        own = loops[name].get("relevant") or ""
        label = cells(loops[name].get("label"))
        survey.append([f"begin loop over {loops[name]['list']}", name, *label, *blank, *blank, "", own])
        return own

    def begin(name: str, page: dict[str, Any] | None, kind: str, loop: str | None, path: list[str]) -> None:
        full = _group_condition(page or {})
        if kind == "choice":  # pyxform's group of one choice: not a row of the workbook
            open_groups.append((name, "", full, kind))
            return
        if kind == "loop":
            own = begin_loop(name)
            open_groups.append((name, own, own, kind))
            return
        kept = outside.get(tuple(path)) if page is None else None
        if kept is not None:  # as the loop's entry keeps it
            full = kept["relevant"] or ""
        own = full if kept is not None else _own_relevant(full, [o for _n, o, _f, _k in open_groups if o])
        # Inside a loop, as written (`../total`, where the definition reads the key).
        written = written_relevant(loops, loop, path) if loop is not None else None
        # A field-list group under `style pages` is written as one (its page is the group's).
        field_list = (page or {}).get("field_list")
        appearance = "field-list" if field_list else (kept or {}).get("appearance")
        listed = ["", *blank, *blank, appearance] if appearance else []
        survey.append(
            [
                "begin group",
                name,
                *cells((page or kept or {}).get("label")),
                *blank,
                *blank,
                "",
                own if written is None else written,
                *listed,
            ]
        )
        open_groups.append((name, own, full, kind))

    def end() -> None:
        name, _own, _full, kind = open_groups.pop()
        if kind != "choice":
            survey.append([f"end {kind}", name])

    def end_nested(page: dict[str, Any], inner: list[int], kind_of: dict[int, str]) -> None:
        """End the innermost group open within a field-list page (a loop's choice has no row)."""
        place = inner.pop()
        if kind_of[place] != "choice":
            survey.append([f"end {kind_of[place]}", page["groups"][place]["name"]])

    repeats = definition.get("repeats") or {}

    def chain_of(repeat: str | None) -> list[str]:
        """The repeats a page of `repeat` is written in, outermost first (a repeat within a repeat)."""
        out: list[str] = []
        while repeat is not None and repeat not in out:
            out.insert(0, repeat)
            repeat = repeats[repeat].get("parent")
        return out

    open_repeats: list[str] = []
    in_repeat = None
    for page in definition["pages"]:
        if page.get("repeat") != in_repeat:  # a repeat's pages, inside begin repeat/end repeat
            while open_groups:
                end()
            wanted = chain_of(page.get("repeat"))
            shared = 0
            while shared < min(len(wanted), len(open_repeats)) and wanted[shared] == open_repeats[shared]:
                shared += 1
            while len(open_repeats) > shared:
                survey.append(["end repeat", open_repeats.pop()])
            in_repeat = page.get("repeat")
            for name in wanted[shared:]:
                open_repeats.append(name)
                repeat = repeats[name]
                survey.append(
                    [
                        "begin repeat",
                        name,
                        *cells(repeat.get("label")),
                        *blank,
                        *blank,
                        "",
                        repeat.get("relevant") or "",
                        "",
                        *blank,
                        *blank,
                        "field-list" if repeat.get("field_list") else "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        repeat.get("count") or "",
                    ]
                )
        path = [] if in_repeat is not None and page["name"] == in_repeat else _group_path(page)
        kinds = loop_kinds(path, loops) if page.get("loop") else ["group"] * len(path)
        if not written_once(path, kinds, loops):
            continue
        shared = 0
        while shared < min(len(open_groups), len(path)) and open_groups[shared][0] == path[shared]:
            shared += 1
        if path and shared == len(path) and open_groups[shared - 1][2] != _group_condition(page):
            shared -= 1  # the page's own group again, but under another condition
        while len(open_groups) > shared:
            end()
        for level in range(shared, len(path)):
            begin(
                path[level],
                page if level == len(path) - 1 else own_page.get(tuple(path[: level + 1])),
                kinds[level],
                page.get("loop"),
                path[: level + 1],
            )
        # The groups within a field-list page open around this question (a loop within it is
        # written once, from its first choice's questions, as a loop page is).
        inner: list[int] = []
        kind_of: dict[int, str] = {}
        for q in page["questions"]:
            within = list(q.get("within") or [])
            around = [page["groups"][place]["name"] for place in within]
            kinds = loop_kinds(around, loops)
            if not written_once(around, kinds, loops):
                continue
            loops_around = (name for name, kind in zip(around, kinds, strict=True) if kind == "loop")
            loop = page.get("loop") or next(loops_around, None)
            while inner and inner != within[: len(inner)]:
                end_nested(page, inner, kind_of)
            for level in range(len(inner), len(within)):
                inner.append(within[level])
                kind_of[within[level]] = kinds[level]
                if kinds[level] == "loop":
                    begin_loop(around[level])
                elif kinds[level] == "group":  # inside a loop, its condition as written (`../total`)
                    kept = page["groups"][within[level]]
                    written = written_relevant(loops, loop, [*path, *around[: level + 1]]) if loop else None
                    relevant = (kept.get("relevant") or "") if written is None else written
                    label = cells(kept.get("label"))
                    survey.append(["begin group", kept["name"], *label, *blank, *blank, "", relevant])
            if "own_relevant" in q:  # the groups' conditions are written on them
                q = {**q, "relevant": q["own_relevant"]}
            plain = ["", ""]
            if loop is not None:
                q = {**q, **loops[loop]["templates"].get(within_loop(q["name"], loop), {})}
                plain = [(q.get(m) or {}).get(source, "") for m in ("constraint_message", "required_message")]
                q = {**q, "constraint_message": {}, "required_message": {}}
            qtype = attached_choices.written_type(q) or (
                f"{q['type']} {q['list_name']}" if q.get("list_name") else q["type"]
            )
            if qtype == "calculate" and not q.get("calculation"):
                qtype = "hidden"  # pyxform's name for it: a calculate needs a calculation
            survey.append(
                [
                    qtype,
                    author_name(q["name"]),
                    *cells(q.get("label")),
                    *cells(q.get("hint")),
                    *cells(q.get("guidance_hint")),
                    "yes" if q.get("required") else (q.get("required_when") or ""),
                    q.get("relevant") or "",
                    q.get("constraint") or "",
                    *cells(q.get("constraint_message")),
                    *cells(q.get("required_message")),
                    q.get("appearance") or "",
                    q.get("calculation") or "",
                    _parameters(q.get("range"))
                    or written_parameters(q)
                    or " ".join(filter(None, (attached_choices.written_parameters(q), select_parameters(q)))),
                    q.get("default") or q.get("default_expression") or "",
                    ANALYSIS_CELLS[q.get("analysis_role") or "barriers"] if q.get("analysis") else "",
                    q.get("choice_filter") or "",
                    _read_only_cell(q),
                    ", ".join(f"${{{name}}}" for name in q.get("trigger") or []),
                    "",
                    *(plain if definition.get("loops") else []),
                    q.get("accept") or "",
                    *form_media.cells(definition, q, cells),
                ]
            )
        while inner:
            end_nested(page, inner, kind_of)
    while open_groups:
        end()
    while open_repeats:
        survey.append(["end repeat", open_repeats.pop()])
    _write_paths(survey)
    choices = workbook.create_sheet("choices")
    attached = attached_choices.attached_lists(definition)
    own = {name: items for name, items in (definition.get("choices") or {}).items() if name not in attached}
    extra = list(
        dict.fromkeys(key for items in own.values() for c in items for key in c.get("columns") or {})
    )
    choices.append(["list_name", "name", *header("label"), *extra, *form_media.headers(definition, header)])
    for list_name, items in own.items():
        for c in items:
            columns = c.get("columns") or {}
            choices.append(
                [
                    list_name,
                    c["name"],
                    *cells(c.get("label")),
                    *[columns.get(key, "") for key in extra],
                    *form_media.cells(definition, c, cells),
                ]
            )
    attached_choices.write_external(workbook, definition, header("label"), cells)
    settings = workbook.create_sheet("settings")
    others = [code for code in langs if code != source]
    title = definition.get("title") or {}
    titles = [f"form_title::{names.get(c) or c} ({c})" for c in others]
    default = [f"{names[source]} ({source})"] if names.get(source) else []
    duplicates = any(
        len({c["name"] for c in items}) < len(items) for items in (definition.get("choices") or {}).values()
    )
    allow = ["yes"] if duplicates else []
    kept = [key for key in ("instance_name", "style") if definition.get(key)]
    settings.append(
        [
            "form_title",
            *titles,
            "form_id",
            "version",
            *(["default_language"] if default else []),
            *(["allow_choice_duplicates"] if allow else []),
            *kept,
        ]
    )
    settings.append(
        [
            title.get(source, ""),
            *[title.get(c, "") for c in others],
            form_id,
            form.version,
            *default,
            *allow,
            *[definition[key] for key in kept],
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
