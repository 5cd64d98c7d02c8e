"""pyxform's JSON into the definition JSON stored on a SurveyVersion: questions on pages (one per
group, or as the form's style lays them), choices, languages, metadata; every problem at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l

from ..i18n import is_locale, language_code
from . import attached_choices, form_media
from .xlsform_choices import check_filter, choice_columns
from .xlsform_errors import XLSFormError
from .xlsform_expressions import at, checked_expression, child_steps
from .xlsform_keys import author_name, question_keys
from .xlsform_lone_calculations import join_lone_calculations
from .xlsform_loops import (
    TEMPLATE,
    expand_loops,
    in_loop,
    loop_of,
    loops_in_repeats,
    loops_of,
    resolve_paths,
    template_fields,
    within_loop,
)
from .xlsform_paging import (
    field_listed,
    fold_lone_conditions,
    fold_shared_conditions,
    nest,
    page_groups,
    splits,
    style_pages,
)
from .xlsform_question import build_question, takes_default
from .xlsform_repeats import fold_counts, inside_repeat, is_repeated, repeat_of_page, repeats_of
from .xlsform_report import Finding
from .xlsform_support import (
    EXTERNAL_INSTANCE_TYPES,
    METADATA_TYPES,
    STYLES,
    YES,
    canonical_types,
)
from .xlsform_support import QUESTION_TYPES as PYXFORM_TYPES

# The longest key answers are kept under (the answers table's `question` column).
MAX_KEY = 100
LANGUAGE_HEADER = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\)\s*$")


# Questions whose answer is a file the person sends.
FILE_QUESTIONS = frozenset({"image", "audio", "video", "file"})


def _language(key: str, source: str) -> tuple[str, str]:
    """('es', 'Español') from a column suffix 'Español (es)'; 'default' is the source language."""
    if key == "default":
        return source, ""
    match = LANGUAGE_HEADER.match(key)
    if match:
        return match["code"].lower().replace("_", "-"), match["name"]
    return language_code(key) or key.strip().lower(), key.strip()


Groups = tuple[dict[str, Any], ...]


def _walk(children: list[dict[str, Any]], outer: Groups = ()) -> Iterator[tuple[Groups, dict[str, Any]]]:
    """Yield (groups, question) pairs, `groups` from the outermost to the question's own (empty at
    the top level): a nested group's questions are asked only where every enclosing group applies."""
    for child in children:
        if child.get("type") == "group" and child.get("name") == "meta":
            continue
        if child.get("type") in ("group", "repeat"):
            yield from _walk(child.get("children", []), (*outer, child))
        else:
            yield outer, child


def _meta_group(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The children of pyxform's `meta` group (instanceID, and an `audit` an author declared)."""
    for child in data.get("children", []):
        if child.get("type") == "group" and child.get("name") == "meta":
            return list(child.get("children", []))
    return []


def normalize(
    data: dict[str, Any],
    rows: dict[str, int] | None = None,
    files: dict[str, bytes] | None = None,
    path: Path | None = None,
    warnings: list[Finding] | None = None,
) -> dict[str, Any]:
    """pyxform's JSON into the definition JSON stored on a SurveyVersion (raises XLSFormError);
    `files` are the form's attachments (services.attachments), `path` its workbook; what it leaves
    out is added to `warnings`."""
    rows = rows or {}
    warnings = [] if warnings is None else warnings
    data = expand_loops(fold_counts(canonical_types(data)))
    problems: list[Finding] = []
    default_key = data.get("default_language") or "default"
    source = _language(default_key, "en")[0] if default_key != "default" else "en"
    languages: dict[str, str] = {}

    def text(value: Any) -> dict[str, str]:
        if value is None:
            return {}
        if isinstance(value, str):
            return {source: value}
        out = {}
        for key, string in value.items():
            code, name = _language(key, source)
            if code not in languages or not languages[code]:
                languages[code] = name
            if string:
                out[code] = str(string)
        return out

    def where(name: str, column: str = "") -> Finding:
        return Finding("survey", rows.get(name, rows.get(author_name(name))), column, "")

    def build(q: dict[str, Any], qtype: str, problems: list[Finding]) -> dict[str, Any]:
        return build_question(q, qtype, text, names, where, problems)

    names = {q["name"] for _groups, q in _walk(data.get("children", []))}
    repeats = repeats_of(data, text, names, problems, where)
    names |= set(repeats)
    # A name repeated in other groups is kept under its group path (xlsform_keys), and so is every
    # question of a loop (xlsform_loops); a loop's relative paths read its keys.
    walked = list(_walk(data.get("children", [])))
    key_list = question_keys(walked, in_loop)
    paths = {
        (*(g["name"] for g in groups), q["name"]): key
        for (groups, q), key in zip(walked, key_list, strict=True)
    }
    names |= set(key_list)
    data = resolve_paths(data, paths)
    walked = list(_walk(data.get("children", [])))
    keys = iter(key_list)
    loops = loops_of(data, text)
    for loop, repeat in loops_in_repeats(data):
        problems.append(
            at(
                where(loop, "type"),
                _l(
                    "The loop %(name)s is inside the repeat %(outer)s: loops within repeats are not "
                    "supported yet.",
                    name=loop,
                    outer=repeat,
                ),
            )
        )
    pages: list[dict[str, Any]] = []
    metadata = [
        {"name": m["name"], "type": m["type"]} for m in _meta_group(data) if m.get("type") in METADATA_TYPES
    ]
    externals: list[dict[str, str]] = []  # csv-external / xml-external rows, written back
    current_group: object = object()
    paged, split, shown = style_pages(data), set(), False  # shown: the page has a question to show
    nested: dict[int, int] = {}  # a group within a field-list page -> its place in the page's groups

    def nested_group(g: dict[str, Any]) -> dict[str, Any]:
        condition = checked_expression(
            g.get("bind", {}).get("relevant"), names, where(g["name"], "relevant"), problems
        )
        return {"name": g["name"], "label": text(g.get("label")), "relevant": condition}

    for groups, q in walked:
        q = {**q, "name": next(keys)}
        if len(q["name"]) > MAX_KEY:
            problems.append(
                at(
                    where(q["name"], "name"),
                    _l(
                        "Answers to %(name)s would be kept under %(key)s, longer than %(limit)d characters; "
                        "use shorter group or question names.",
                        name=author_name(q["name"]),
                        key=q["name"],
                        limit=MAX_KEY,
                    ),
                )
            )
            continue
        on_page = page_groups(paged, groups)  # the groups of its page; those within it are shown there
        group = on_page[-1] if on_page else None
        if q.get("type") in METADATA_TYPES:
            metadata.append({"name": q["name"], "type": q["type"]})
            continue
        if q.get("type") in EXTERNAL_INSTANCE_TYPES:
            externals.append({"name": author_name(q["name"]), "type": q["type"]})
            continue
        qtype = PYXFORM_TYPES.get(q.get("type", ""))
        if qtype is None:
            problems.append(
                at(
                    where(q["name"], "type"),
                    _l("The question type %(type)s is not supported.", type=q.get("type")),
                )
            )
            continue
        alone = splits(paged, groups)
        if (
            group is not current_group
            if not alone
            else group is not current_group or (shown and qtype != "calculate")
        ):
            current_group, shown = group, False
            if alone:
                split.add(len(pages))
            pages.append(_page(on_page, q, text, names, problems, where))
            pages[-1].update(repeat_of_page(on_page))
            if paged and field_listed(on_page):  # its group, or the repeat it is the page of
                pages[-1]["field_list"] = True
            if (page_loop := loop_of(on_page)) is not None:  # a loop within the page is nested
                pages[-1]["loop"] = page_loop
        question = build(q, qtype, problems)
        if TEMPLATE in q:  # a loop's row as the author wrote it, for the download
            written = {**q[TEMPLATE], "name": q["name"]}
            differs = template_fields(question, build(written, qtype, []))
            if differs:
                loop = loop_of(groups) or ""
                loops[loop]["templates"][within_loop(q["name"], loop)] = differs
        nest(pages[-1], question, tuple(groups[len(on_page) :]), nested_group, nested)
        pages[-1]["questions"].append(question)
        shown = shown or qtype != "calculate"
    fold_lone_conditions(pages, split)
    fold_shared_conditions(pages)
    if not paged:
        pages = join_lone_calculations(pages)
    choices = {
        list_name: [
            {
                "name": str(c["name"]),
                "label": text(c.get("label")),
                **({"columns": columns} if (columns := choice_columns(c)) else {}),
                **form_media.of(c, text),
            }
            for c in items
        ]
        for list_name, items in (data.get("choices") or {}).items()
    }
    stored: dict[str, Any] = {}
    if path is not None:
        allow = str(data.get("allow_choice_duplicates", "")).lower() in YES
        made, stored, found = attached_choices.build(
            pages, files or {}, path, text, allow, where, lists=set(choices)
        )
        choices.update(made)
        problems.extend(found)
    for page in pages:
        for q in page["questions"]:
            problems.extend(check_filter(q, choices, names, where(q["name"], "choice_filter")))
    for page in pages:
        for q in page["questions"]:
            if q.get("default") and q["type"] in FILE_QUESTIONS:
                # pyxform's test_static_defaults: ODK shows the form's own picture as the answer.
                warnings.append(
                    at(
                        where(q["name"], "default"),
                        _l(
                            "The default %(value)s is a file ODK shows as the answer; this app does not "
                            "use it: the question starts empty, and the person sends a file.",
                            value=q["default"].removeprefix("jr://images/"),
                        ),
                    )
                )
                q["default"] = None
            elif q.get("default") and not takes_default(q, q["default"], choices):
                # pyxform writes it into the XForm and ODK runs the form: Collect reads a value
                # its type cannot hold as no answer, and one that is no choice selects nothing.
                # The question starts empty here too, and the author is told.
                warnings.append(
                    at(
                        where(q["name"], "default"),
                        _l(
                            "The default %(value)s is not an answer this question takes: the question "
                            "starts empty, as in ODK.",
                            value=q["default"],
                        ),
                    )
                )
                q["default"] = None
    for code, name in languages.items():
        # A name without a code that CLDR does not know: the person's pages could not be shown in it.
        if code == name.strip().lower() and not is_locale(code):
            problems.append(
                Finding(
                    "survey",
                    1,
                    "",
                    _l(
                        "The language %(name)s has no code a browser knows: write it with its code, "
                        "as in label::%(name)s (xx), where xx is its ISO 639 code.",
                        name=name or code,
                    ),
                )
            )
    if problems:
        raise XLSFormError(problems)
    warnings.extend(child_steps(pages, where))
    languages.setdefault(source, "")
    ordered = [source] + [code for code in languages if code != source]
    return {
        "version": str(data.get("version") or "1"),
        "id_string": data.get("id_string"),
        "source_language": source,
        "languages": ordered,
        "language_names": languages,
        "title": text(data.get("title")),
        "pages": pages,
        "choices": choices,
        "metadata": metadata,
        **({"externals": externals} if externals else {}),
        **({"repeats": repeats} if repeats else {}),
        **({"loops": loops} if loops else {}),
        **({"files": stored} if stored else {}),
        # Each response's name (survey/instance_name.py), and the Enketo themes the app honours
        # (xlsform_support.STYLES; the others are warnings), kept to be written back.
        **({"instance_name": name} if (name := str(data.get("instance_name") or "").strip()) else {}),
        **(
            {"style": style}
            if (
                style := " ".join(
                    w
                    for w in dict.fromkeys(str(data.get("style") or "").split())
                    if STYLES.get(w) in ("pages", "look")
                )
            )
            else {}
        ),
    }


def _page(groups, first_question, text, names, problems, where) -> dict[str, Any]:
    """A page for the innermost group; it applies where each enclosing group's `relevant` holds
    (inside a repeat, those within it: the repeat's own and the outer ones are the repeat's)."""
    if not groups:
        return {"name": f"_{first_question['name']}", "label": {}, "relevant": None, "questions": []}
    if is_repeated(groups) and groups[-1].get("type") == "repeat":
        repeat = groups[-1]
        return {"name": repeat["name"], "label": text(repeat.get("label")), "relevant": None, "questions": []}
    groups = inside_repeat(groups)
    conditions = [
        c
        for g in groups
        if (
            c := checked_expression(
                g.get("bind", {}).get("relevant"), names, where(g["name"], "relevant"), problems
            )
        )
    ]
    relevant = (
        conditions[0]
        if len(conditions) == 1
        else (" and ".join(f"({c})" for c in conditions) if conditions else None)
    )
    return {
        "name": groups[-1]["name"],
        "label": text(groups[-1].get("label")),
        "relevant": relevant,
        "questions": [],
    }
