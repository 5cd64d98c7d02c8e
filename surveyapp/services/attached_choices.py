"""What an import makes of a form's attached files and its `external_choices` sheet.

`select_one_from_file cities.csv` becomes a select whose list is named after the file (its choices
read from the file, extra columns kept for choice_filter); `select_one_external county` a select of
the `external_choices` sheet's list; every data file a select or a `pulldata()`/`instance()` call
reads is stored with the version as a table (definition["files"]). Problems come back as Findings
with the file (or sheet) and row, all at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import openpyxl
from flask_babel import lazy_gettext as _l

from . import attachments as files_
from . import data_files
from .xlsform_report import Finding
from .xlsform_support import TRANSLATABLE, canonical_spelling

Text = Callable[[Any], dict[str, str]]
EXTERNAL_SHEET = "external_choices"


def select_source(q: Mapping[str, Any]) -> dict[str, Any]:
    """The keys a question's definition JSON gets when its choices come from a file or from the
    external_choices sheet (pyxform's JSON names the file in `itemset`)."""
    params = q.get("parameters")
    if not isinstance(params, Mapping):
        params = {}
    picked = {key: str(params[key]) for key in ("value", "label") if params.get(key)}
    if q.get("type") == "select one external":
        # pyxform refuses an external select without its choice_filter: kept to be written back.
        return {
            "external": str(q.get("itemset") or ""),
            "choice_filter": q.get("choice_filter"),
            **({"file_columns": picked} if picked else {}),
        }
    itemset = str(q.get("itemset") or "")
    if PurePath(itemset).suffix.lower() in files_.DATA_TYPES and not q.get("choices"):
        return {"from_file": itemset, **({"file_columns": picked} if picked else {})}
    return {}


def external_tables(path: Path) -> dict[str, data_files.Table]:
    """The external_choices sheet's lists as tables (headers as written, with their rows)."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - the workbook checks report an unreadable file
        return {}
    try:
        sheet = next((s for s in book.worksheets if s.title.strip().lower() == EXTERNAL_SHEET), None)
        tables: dict[str, data_files.Table] = {}
        if sheet is None:
            return tables
        header: list[str] = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [data_files.text_of(c).strip() for c in row]
            if number == 1:
                header = [_known_column(c) for c in cells]
                continue
            values = dict(zip(header, cells, strict=False))
            list_name = values.pop("list_name", "") or values.pop("list name", "")
            if not list_name:
                continue
            columns = [c for c in header if c and c not in {"list_name", "list name"}]
            table = tables.setdefault(list_name, data_files.Table(columns, [], []))
            table.rows.append([values.get(c, "") for c in columns])
            table.numbers.append(number)
        return tables
    finally:
        book.close()


def _known_column(header: str) -> str:
    """A header of a column pyxform knows (`LIST_NAME`, `Name`, `LABEL::EN`) in its own spelling, as
    pyxform reads it whatever its case; any other column as written, since a choice_filter names it
    so (pyxform's example_xls/case_insensitivity)."""
    base, colons, language = header.partition("::")
    known = "_".join(base.split()).lower()
    if known in {"list_name", "name"} or known in TRANSLATABLE:
        return f"{known}{colons}{language.strip()}"
    return header


Built = tuple[dict[str, list[dict[str, Any]]], dict[str, Any], list[Finding]]


def build(
    pages: list[dict[str, Any]],
    attached: Mapping[str, bytes],
    path: Path,
    text: Text,
    allow_duplicates: bool,
    where: Callable[[str, str], Finding],
    lists: Collection[str] = (),
) -> Built:
    """(choices by list, stored tables by file name, problems) for the questions of `pages`; `lists`
    are the choices sheet's lists, which `instance('list')` reads before any file."""
    problems: list[Finding] = []
    tables: dict[str, data_files.Table] = {}
    unreadable: set[str] = set()

    def table(name: str) -> data_files.Table | None:
        if name in tables or name in unreadable:
            return tables.get(name)
        read, found = data_files.read_table(name, attached[name])
        problems.extend(found)
        if read is None:
            unreadable.add(name)
        else:
            tables[name] = read
        return read

    choices: dict[str, list[dict[str, Any]]] = {}
    external = None
    stored: set[str] = set()
    questions = [q for page in pages for q in page["questions"]]
    for q in questions:
        if not (q.get("from_file") or q.get("external")):
            continue
        list_name = q.get("from_file") or q["external"]
        default_value, default_label = files_.DEFAULT_COLUMNS.get(
            PurePath(list_name).suffix.lower(), ("name", "label")
        )
        picked = q.get("file_columns") or {}
        value, label = picked.get("value", default_value), picked.get("label", default_label)
        key = list_name if not picked else f"{list_name}#{value}#{label}"
        if q.get("external") and key in lists:
            # pyxform lets the choices sheet and the external_choices sheet each have a list of this
            # name (select_one reads the first, select_one_external the second): kept apart.
            key = f"{EXTERNAL_SHEET}:{key}"
        if q.get("external"):
            external = external_tables(path) if external is None else external
            source = external.get(list_name)
            if source is None:
                problems.append(
                    _at(
                        where(q["name"], "type"),
                        _l("The choice list %(list)s is not in the external_choices sheet.", list=list_name),
                    )
                )
                continue
            made, found = files_.choices_from(
                source,
                EXTERNAL_SHEET,
                value,
                label,
                allow_duplicates,
                text,
                label_required=False,
                sheet_rows=True,
            )
        else:
            if list_name not in attached:
                problems.append(
                    _at(
                        where(q["name"], "type"),
                        _l(
                            "This question's choices are in %(file)s, which is not attached; attach it "
                            "beside the workbook.",
                            file=list_name,
                        ),
                    )
                )
                continue
            source = table(list_name)
            if source is None:
                continue
            stored.add(list_name)
            made, found = files_.choices_from(
                source,
                list_name,
                value,
                label,
                allow_duplicates,
                text,
                multiple=q["type"] == "select_multiple",
            )
        problems.extend(found)
        if key != list_name:
            q["list_name"] = key
        choices[key] = made
    for q in questions:
        for column, expression in _expressions(q):
            for name in sorted(files_.names_read([expression]) - set(lists)):
                file_name = _file_for(name, attached, choices)
                if file_name is None:
                    if name not in choices:
                        problems.append(
                            _at(
                                where(q["name"], column),
                                _l(
                                    "%(name)s.csv, which this expression reads, is not attached; attach "
                                    "it beside the workbook.",
                                    name=name,
                                ),
                            )
                        )
                    continue
                if table(file_name) is not None:
                    stored.add(file_name)
    for page in pages:
        for name in files_.names_read([page.get("relevant")]) - set(lists):
            if (file_name := _file_for(name, attached, choices)) and table(file_name) is not None:
                stored.add(file_name)
    kept = {name: tables[name].json() for name in sorted(stored) if name in tables}
    size = len(json.dumps(kept, ensure_ascii=False).encode())
    if size > files_.MAX_STORED_BYTES:
        problems.append(
            Finding(
                "",
                None,
                "",
                _l(
                    "The attached data the form reads holds %(size)d kB; a version can keep at most "
                    "%(limit)d kB. Remove the rows and columns the form does not need.",
                    size=size // 1024,
                    limit=files_.MAX_STORED_BYTES // 1024,
                ),
            )
        )
    return choices, kept, problems


def _expressions(q: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    """(column, expression) of a question's rules (`required_when` is written in `required`)."""
    return [
        (column, q.get(key))
        for column, key in (
            ("relevant", "relevant"),
            ("constraint", "constraint"),
            ("required", "required_when"),
            ("calculation", "calculation"),
        )
    ]


def _file_for(name: str, attached: Mapping[str, bytes], choices: Mapping[str, Any]) -> str | None:
    """The attached data file an instance name reads (`cities` -> cities.csv, as ODK names the
    instance of a file after its stem); a choice list of the form has the name first."""
    if name in choices:
        return None
    for suffix in (".csv", ".xml", ".geojson"):
        if f"{name}{suffix}" in attached:
            return f"{name}{suffix}"
    return None


def unused_files(definition: Mapping[str, Any], attached: Mapping[str, bytes]) -> list[Finding]:
    """Warnings for attached files the form neither reads nor shows."""
    used = set(definition.get("files") or {}) | set(definition.get("media") or {})
    warnings = []
    for name in attached:
        if name in used:
            continue
        if PurePath(name).suffix.lower() in files_.MEDIA_TYPES:
            message = _l("No question or choice shows this file; it is left out.")
        else:
            message = _l("No question or expression of the form reads this file; it is left out.")
        warnings.append(Finding(name, None, "", message, file=True))
    return warnings


def attachment_files(definition: Mapping[str, Any]) -> dict[str, bytes]:
    """The stored data files written back (beside the workbook to_xlsx writes)."""
    return {
        name: data_files.write_file(name, table) for name, table in (definition.get("files") or {}).items()
    }


def written_type(q: Mapping[str, Any]) -> str | None:
    """The type column of a question whose choices are attached, as the author wrote it."""
    if q.get("from_file"):
        return f"{q['type']}_from_file {q['from_file']}"
    if q.get("external"):
        return f"select_one_external {q['external']}"
    return None


def written_parameters(q: Mapping[str, Any]) -> str:
    """`value=... label=...` of a select from a file, as written."""
    return " ".join(f"{key}={value}" for key, value in (q.get("file_columns") or {}).items())


def attached_lists(definition: Mapping[str, Any]) -> set[str]:
    """The choice lists that come from files or the external_choices sheet (not the choices sheet)."""
    return {
        q["list_name"]
        for page in definition["pages"]
        for q in page["questions"]
        if q.get("from_file") or q.get("external")
    }


def write_external(
    workbook: Any, definition: Mapping[str, Any], label_headers: list[str], cells: Callable[[Any], list[str]]
) -> None:
    """The external_choices sheet back from the lists its selects read (with their extra columns)."""
    lists: dict[str, list[dict[str, Any]]] = {}
    picked: dict[str, str] = {}
    for page in definition["pages"]:
        for q in page["questions"]:
            if q.get("external"):
                lists.setdefault(q["external"], definition["choices"].get(q["list_name"], []))
                picked = picked or dict(q.get("file_columns") or {})
    if not lists:
        return
    extra = list(
        dict.fromkeys(c for items in lists.values() for choice in items for c in choice.get("columns") or {})
    )
    sheet = workbook.create_sheet(EXTERNAL_SHEET)
    label = picked.get("label", "label")
    sheet.append(
        [
            "list_name",
            picked.get("value", "name"),
            *[label + h[len("label") :] for h in label_headers],
            *extra,
        ]
    )
    for list_name, items in lists.items():
        for c in items:
            sheet.append(
                [
                    list_name,
                    c["name"],
                    *cells(c.get("label")),
                    *[(c.get("columns") or {}).get(column, "") for column in extra],
                ]
            )


@dataclass(frozen=True)
class AttachmentFinding(Finding):
    """A problem of the survey sheet about an attached file (one that is missing): listed with the
    workbook's other problems even when those keep the form from being read further."""


def _at(where: Finding, message: Any) -> Finding:
    return AttachmentFinding(where.sheet, where.row, where.column, message)


def attachment_problems(path: Path, attached: Mapping[str, bytes]) -> list[Finding]:
    """The attachments' problems read from the survey sheet's rows, for a workbook that has problems
    of its own (pyxform's JSON, which `build` reads, may then not exist): missing files and what
    keeps an attached file's choices from being read, so that every problem is listed at once."""
    from .xlsform_report import read_workbook

    try:
        book = read_workbook(path)
    except Exception:  # noqa: BLE001 - the workbook checks report an unreadable file
        return []
    survey, sheet_lists = book.sheet("survey"), book.sheet("choices")
    lists = {values.get("list_name", "") for _n, values in sheet_lists.rows} if sheet_lists else set()
    problems: list[Finding] = []
    read: set[str] = set()
    for number, values in survey.rows if survey else []:
        words = canonical_spelling(values.get("type", "")).split()
        here = Finding("survey", number, "type", "")
        if len(words) == 2 and words[0] in files_.FROM_FILE_TYPES:
            name = words[1]
            if name not in attached:
                problems.append(
                    _at(
                        here,
                        _l(
                            "This question's choices are in %(file)s, which is not attached; attach it "
                            "beside the workbook.",
                            file=name,
                        ),
                    )
                )
                continue
            params = dict(
                p.split("=", 1) for p in values.get("parameters", "").replace(",", " ").split() if "=" in p
            )
            default_value, default_label = files_.DEFAULT_COLUMNS.get(
                PurePath(name).suffix.lower(), ("name", "label")
            )
            table, found = data_files.read_table(name, attached[name])
            if name not in read:
                problems.extend(found)
            read.add(name)
            if table is not None:
                problems.extend(
                    files_.choices_from(
                        table,
                        name,
                        params.get("value", default_value),
                        params.get("label", default_label),
                        True,
                        lambda v: {"": str(v)} if v else {},
                        multiple="multiple" in words[0],
                    )[1]
                )
        for column in ("relevant", "constraint", "required", "calculation"):
            for name in sorted(files_.names_read([values.get(column)]) - lists):
                if not any(f"{name}{s}" in attached for s in files_.DATA_TYPES):
                    problems.append(
                        _at(
                            Finding("survey", number, column, ""),
                            _l(
                                "%(name)s.csv, which this expression reads, is not attached; attach "
                                "it beside the workbook.",
                                name=name,
                            ),
                        )
                    )
    return problems
