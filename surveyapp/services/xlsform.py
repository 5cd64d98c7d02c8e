"""XLSForm in and out: pyxform parses the workbook, this module normalizes it into a FormDefinition.

Authoring errors are found at import time and reported all at once, each with its sheet, row and
column (xlsform_report), before anyone answers; columns the app does not use yet come back as warnings.
"""

from __future__ import annotations

import copy
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from flask_babel import lazy_gettext as _l
from pyxform.builder import create_survey_element_from_dict
from pyxform.errors import PyXFormError
from pyxform.xls2json import parse_file_to_json

from ..expressions import ExpressionError, compile_expression
from ..i18n import is_locale, language_code
from ..survey.definition import FormDefinition
from ..survey.geo_answers import point, points
from . import attached_choices, form_media
from .attachments import check_names
from .xlsform_choices import check_filter, choice_columns
from .xlsform_choices import select_options as _select_options
from .xlsform_keys import SEPARATOR, author_name, question_keys, track_groups
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
    translated_messages,
    within_loop,
)
from .xlsform_media import media_options
from .xlsform_paging import (
    field_listed,
    fold_lone_conditions,
    fold_shared_conditions,
    nest,
    page_groups,
    splits,
    style_pages,
)
from .xlsform_repeats import fold_counts, inside_repeat, is_repeated, repeat_of_page, repeats_of
from .xlsform_report import Finding, check_workbook, pyxform_finding
from .xlsform_support import (
    ANALYSIS_ROLES,
    APPEARANCES,
    EXTERNAL_INSTANCE_TYPES,
    METADATA_TYPES,
    NO,
    STYLES,
    YES,
    canonical_types,
    is_dynamic_default,
)
from .xlsform_support import QUESTION_TYPES as PYXFORM_TYPES
from .xlsform_writer import to_xlsx as to_xlsx  # XLSForm out, where the views and CLI import it

# A workbook's parts once unpacked: real XLSForms with thousands of rows stay under 2 MB; an 844 kB
# upload that unpacks to an 800 MB cell would hold a worker for half a minute and 1.6 GB of memory.
MAX_UNPACKED_BYTES = 10 * 1024 * 1024
MAX_PARTS = 500
# The longest key answers are kept under (the answers table's `question` column).
MAX_KEY = 100
LANGUAGE_HEADER = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\)\s*$")


class XLSFormError(ValueError):
    """Every problem found in one workbook, each with its sheet, row and column where known."""

    def __init__(self, problems: list[Finding]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def problem(message: Any) -> XLSFormError:
    """A problem of the whole file (no sheet or row)."""
    return XLSFormError([Finding("", None, "", message)])


@dataclass
class ParsedForm:
    """A workbook read into definition JSON, with what of it the app leaves out (warnings)."""

    definition: dict[str, Any]
    warnings: list[Finding] = field(default_factory=list)


def _language(key: str, source: str) -> tuple[str, str]:
    """('es', 'Español') from a column suffix 'Español (es)'; 'default' is the source language."""
    if key == "default":
        return source, ""
    match = LANGUAGE_HEADER.match(key)
    if match:
        return match["code"].lower().replace("_", "-"), match["name"]
    return language_code(key) or key.strip().lower(), key.strip()


def _question_rows(path: Path) -> dict[str, int]:
    """Spreadsheet row of each question name, so that errors point where the author looks."""
    rows: dict[str, int] = {}
    groups: list[str] = []
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - pyxform reports unreadable files itself
        return rows
    if "survey" in workbook.sheetnames:
        sheet = workbook["survey"]
        header: list[str] = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number == 1:
                header = [str(c or "").strip() for c in row]
                continue
            if "name" in header:
                name = row[header.index("name")] if len(row) > header.index("name") else None
                kind = (
                    row[header.index("type")]
                    if "type" in header and len(row) > header.index("type")
                    else None
                )
                groups = track_groups(groups, str(kind or ""), str(name or "").strip())
                if name:
                    rows.setdefault(str(name).strip(), number)
                    rows.setdefault(SEPARATOR.join([*groups, str(name).strip()]), number)
    workbook.close()
    return rows


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
        """The definition JSON of one question."""
        bind = q.get("bind", {})
        required = _required(bind)
        return {
            "name": q["name"],
            "type": qtype,
            "label": text(q.get("label")),
            "hint": text(q.get("hint")),
            "required": required is True,
            # A condition in `required` (ODK evaluates it like relevant): required where it holds.
            "required_when": _expression(
                required if isinstance(required, str) else None, names, where(q["name"], "required"), problems
            ),
            "required_message": text(bind.get("jr:requiredMsg")),
            "guidance_hint": text(q.get("guidance_hint")),
            # On an asked question too: recomputed as a calculate's, or only when a `trigger`
            # changes (survey/form_set.py).
            "calculation": _expression(
                bind.get("calculate"), names, where(q["name"], "calculation"), problems
            ),
            "trigger": _trigger(q),
            "read_only": _read_only(bind, names, where(q["name"], "read_only"), problems),
            "range": _range(q) if qtype == "range" else None,
            "default": _default(q),
            "default_expression": _expression(
                _dynamic_default(q), names, where(q["name"], "default"), problems
            ),
            # Only what the app honours (the rest is a warning): what it writes back, it reads.
            "appearance": " ".join(
                w for w in str((q.get("control") or {}).get("appearance") or "").split() if w in APPEARANCES
            ),
            "relevant": _expression(bind.get("relevant"), names, where(q["name"], "relevant"), problems),
            "constraint": _expression(
                bind.get("constraint"), names, where(q["name"], "constraint"), problems
            ),
            "constraint_message": text(bind.get("jr:constraintMsg")),
            # pyxform names a select's list `itemset` alone when it moves it out of the question
            # (e.g. with `parameters: randomize=true`).
            "list_name": q.get("list_name") or q.get("itemset"),
            # Choices from an attached file or the external_choices sheet (attached_choices).
            **attached_choices.select_source(q),
            **_select_options(q, names, where(q["name"], "parameters"), problems),
            **media_options(q, qtype, where(q["name"]), problems),
            **_analysis(q),
            **form_media.of(q, text),
        }

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
            _at(
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
        condition = _expression(
            g.get("bind", {}).get("relevant"), names, where(g["name"], "relevant"), problems
        )
        return {"name": g["name"], "label": text(g.get("label")), "relevant": condition}

    for groups, q in walked:
        q = {**q, "name": next(keys)}
        if len(q["name"]) > MAX_KEY:
            problems.append(
                _at(
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
                _at(
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
            if q.get("default") and not _takes(q, q["default"], choices):
                # pyxform writes it into the XForm and ODK runs the form: Collect reads a value
                # its type cannot hold as no answer, and one that is no choice selects nothing.
                # The question starts empty here too, and the author is told.
                warnings.append(
                    _at(
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
    warnings.extend(_child_steps(pages, where))
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


# Where a question's expressions are kept, and the column each came from.
QUESTION_EXPRESSIONS = (
    ("relevant", "relevant"),
    ("constraint", "constraint"),
    ("calculation", "calculation"),
    ("required_when", "required"),
    ("default_expression", "default"),
    ("read_only", "read_only"),
)


def _child_steps(pages: list[dict[str, Any]], where: Any) -> Iterator[Finding]:
    """A bare name (`name = ${crop}`) is XPath's child step of the question's own node, which never
    has children: pyxform accepts it and ODK runs it as an empty node-set, and so does the app, but
    the author most likely meant ${name} or 'name'."""
    for page in pages:
        for q in page["questions"]:
            for key, column in QUESTION_EXPRESSIONS:
                source = q.get(key)
                if not isinstance(source, str) or not source.strip():
                    continue
                children = compile_expression(source).children
                if children:
                    yield _at(
                        where(q["name"], column),
                        _l(
                            "In %(expression)s, %(names)s is no question: ODK reads it as an empty "
                            "value, and so does this form. Write ${name} for a question or 'text' "
                            "for a text.",
                            expression=source,
                            names=", ".join(sorted(children)),
                        ),
                    )


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
            c := _expression(g.get("bind", {}).get("relevant"), names, where(g["name"], "relevant"), problems)
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


def _range(q: dict[str, Any]) -> list[float]:
    """A range's start, end and step (pyxform fills ODK's defaults 1, 10, 1 and checks them)."""
    control = q.get("control") or {}
    return [float(control.get(key, default)) for key, default in (("start", 1), ("end", 10), ("step", 1))]


def _default(q: dict[str, Any]) -> str | None:
    """A default that is a value; one that is an expression (a dynamic default) is left out, and the
    report says so."""
    value = str(q.get("default") or "").strip()
    return value if value and not is_dynamic_default(value) else None


def _dynamic_default(q: dict[str, Any]) -> str | None:
    """A default that is an expression (pyxform's own test), evaluated when a response starts."""
    value = str(q.get("default") or "").strip()
    return value if value and is_dynamic_default(value) else None


def _read_only(bind: dict[str, Any], names: set[str], where: Finding, problems: list[Finding]) -> bool | str:
    """`read_only` as ODK reads it: yes/true() (True), no or empty (False), or a condition."""
    raw = str(bind.get("readonly", "")).strip()
    if raw.lower() in YES:
        return True
    if not raw or raw.lower() in NO:
        return False
    return _expression(raw, names, where, problems) or False


def _trigger(q: dict[str, Any]) -> list[str]:
    """The questions named in `trigger` (pyxform lists them and checks that they exist)."""
    return [str(name) for name in q.get("trigger") or []]


def _takes(q: dict[str, Any], value: str, choices: dict[str, list[dict[str, Any]]]) -> bool:
    """Whether a default is an answer of the question's type (a choice of its list, a number...)."""
    if q["type"] in ("select_one", "select_multiple", "rank"):
        names = {c["name"] for c in choices.get(q.get("list_name") or "", [])}
        picked = value.split()
        if q["type"] == "rank":  # every choice once, in order
            return sorted(picked) == sorted(names) and len(set(picked)) == len(picked)
        return bool(picked) and set(picked) <= names and (q["type"] == "select_multiple" or len(picked) == 1)
    if q["type"] == "note" or (q["type"] == "calculate" and q.get("calculation")):
        return False  # a calculate's calculation sets it; one without (pyxform's hidden) keeps its default
    if q["type"] == "geopoint":
        return point(value.split()) is not None
    if q["type"] in ("geotrace", "geoshape"):
        return points(q["type"], value) is not None
    try:
        if q["type"] == "integer":
            int(value)
        elif q["type"] in ("decimal", "range"):
            float(value)
        elif q["type"] == "date":
            date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _required(bind: dict[str, Any]) -> bool | str:
    """True or False for yes/no (and their spellings); the condition's text otherwise."""
    raw = str(bind.get("required", "")).strip()
    if raw.lower() in YES:
        return True
    if not raw or raw.lower() in NO:
        return False
    return raw


def _at(where: Finding, message: Any) -> Finding:
    return Finding(where.sheet, where.row, where.column, message)


def _expression(source: Any, names: set[str], where: Finding, problems: list[Finding]) -> str | None:
    if source is None or str(source).strip() == "":
        return None
    try:
        compile_expression(str(source), known_names=names)
    except ExpressionError as exc:
        problems.append(
            _at(
                where,
                _l(
                    "The expression %(expression)s cannot be used: %(reason)s",
                    expression=str(source),
                    reason=str(exc),
                ),
            )
        )
    return str(source)


def check_unpacked_size(path: Path, limit: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse an .xlsx whose parts would unpack past `limit`, before any parser opens it.

    The sizes come from the archive's directory; Python's zipfile never unpacks a part beyond its
    stated size, so a part that lies about it cannot grow past the limit either.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise problem(_l("%(file)s is not a readable .xlsx file.", file=path.name)) from exc
    total = sum(part.file_size for part in parts)
    if len(parts) > MAX_PARTS or total > limit:
        raise problem(
            _l(
                "%(file)s unpacks to %(size)d MB in %(parts)d parts; the limit is %(limit)d MB in "
                "%(max_parts)d parts. Remove very long cells, images or unused sheets and upload it again.",
                file=path.name,
                size=total // (1024 * 1024),
                parts=len(parts),
                limit=limit // (1024 * 1024),
                max_parts=MAX_PARTS,
            )
        )


def read_xlsform(
    path: str | Path, max_unpacked: int = MAX_UNPACKED_BYTES, attachments: dict[str, bytes] | None = None
) -> ParsedForm:
    """Read an XLSForm workbook into definition JSON with its warnings, or raise XLSFormError with
    every problem: the size check first, then our checks over the sheets, then pyxform's own error.
    `attachments` are the files uploaded beside it ({file name: content})."""
    path = Path(path)
    attachments = dict(attachments or {})
    if path.suffix.lower() not in {".xlsx", ".xls"}:
        raise problem(_l("%(file)s: an XLSForm must be an .xlsx file.", file=path.name))
    warnings: list[Finding] = []
    problems: list[Finding] = []
    if path.suffix.lower() == ".xlsx":
        check_unpacked_size(path, max_unpacked)
        report = check_workbook(path)
        problems, warnings = report.problems, report.warnings
    named = check_names(attachments)
    if named:  # files with a folder in their name, of another kind or too large are not read
        raise XLSFormError([*problems, *named])
    # Media cells naming files that are missing or of another kind, files that are not what they
    # say: listed with the workbook's own problems.
    problems = [
        *problems,
        *form_media.check_files(attachments),
        *form_media.workbook_problems(path, attachments),
    ]
    try:
        data = parse_file_to_json(str(path))
        untranslatable = translated_messages(data)
        if not untranslatable:  # pyxform's builder fails on them: said below in the author's words
            _check_xform(data)
    except PyXFormError as exc:
        found = pyxform_finding(str(exc))
        # Added unless ours already cover it: pyxform stops at its first error, often one of ours.
        if not problems or (found.row is not None and found.row not in {p.row for p in problems}):
            problems.append(found)
        raise XLSFormError([*problems, *attached_choices.attachment_problems(path, attachments)]) from exc
    except Exception as exc:  # noqa: BLE001 - a broken workbook is the author's input, not our bug
        if problems:
            raise XLSFormError([*problems, *attached_choices.attachment_problems(path, attachments)]) from exc
        raise XLSFormError(
            [
                Finding(
                    "survey",
                    None,
                    "",
                    _l("%(file)s is not a readable XLSForm (%(reason)s).", file=path.name, reason=str(exc)),
                )
            ]
        ) from exc
    if untranslatable:
        rows = _question_rows(path)
        problems += [
            Finding(
                "survey",
                rows.get(name),
                column,
                _l(
                    "Inside a loop, %(column)s cannot be translated (pyxform cannot build it): "
                    "write it in one %(column)s column, without a language.",
                    column=column,
                ),
            )
            for name, column in untranslatable
        ]
    if problems:
        raise XLSFormError([*problems, *attached_choices.attachment_problems(path, attachments)])
    definition = normalize(data, _question_rows(path), attachments, path, warnings)
    if shown := form_media.describe(definition, attachments):
        definition["media"] = shown
    FormDefinition.from_json(definition)  # the stored JSON must load
    return ParsedForm(definition, [*warnings, *attached_choices.unused_files(definition, attachments)])


def _check_xform(data: dict[str, Any]) -> None:
    """Build the XForm pyxform writes from its JSON, so that what pyxform refuses there is refused
    here too. The title's translations (`form_title::Name (code)`) are this app's own and pyxform
    cannot write them: it checks the form with the source language's title."""
    form = copy.deepcopy(data)
    if isinstance(form.get("title"), dict):
        titles = form["title"]
        form["title"] = titles.get("default") or next(iter(titles.values()), "")
    create_survey_element_from_dict(form).to_xml()


def parse_xlsform(path: str | Path, max_unpacked: int = MAX_UNPACKED_BYTES) -> dict[str, Any]:
    """Read an XLSForm workbook into definition JSON, or raise XLSFormError with every problem."""
    return read_xlsform(path, max_unpacked).definition


def _analysis(q: dict[str, Any]) -> dict[str, Any]:
    """`instance::analysis`: `themes` (barriers), `assets` (strengths) or `yes` (the analysis decides)."""
    value = str(q.get("instance", {}).get("analysis", "")).strip().lower()
    if value not in ANALYSIS_ROLES:
        return {"analysis": False}
    role = ANALYSIS_ROLES[value]
    return {"analysis": True, **({"analysis_role": role} if role != "barriers" else {})}
