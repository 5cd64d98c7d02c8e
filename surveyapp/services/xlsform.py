"""XLSForm in and out: pyxform parses the workbook, this module normalizes it into a FormDefinition.

Authoring errors are found at import time (unknown question types, expressions outside the supported
subset, references to unknown questions) and reported with the spreadsheet row, before anyone answers.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
from pyxform.errors import PyXFormError
from pyxform.xls2json import parse_file_to_json

from ..expressions import ExpressionError, compile_expression
from ..forms.definition import FormDefinition, Text

PYXFORM_TYPES = {
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "text": "text",
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
    "note": "note",
    "acknowledge": "acknowledge",
}
# A workbook's parts once unpacked: real XLSForms with thousands of rows stay under 2 MB; an 844 kB
# upload that unpacks to an 800 MB cell would hold a worker for half a minute and 1.6 GB of memory.
MAX_UNPACKED_BYTES = 10 * 1024 * 1024
MAX_PARTS = 500
LANGUAGE_HEADER = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\)\s*$")


class XLSFormError(ValueError):
    """Every problem found in one workbook, each naming its row where it has one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _language(key: str, source: str) -> tuple[str, str]:
    """('es', 'Español') from a column suffix 'Español (es)'; 'default' is the source language."""
    if key == "default":
        return source, ""
    match = LANGUAGE_HEADER.match(key)
    if match:
        return match["code"].lower().replace("_", "-"), match["name"]
    return key.strip().lower(), key.strip()


def _question_rows(path: Path) -> dict[str, int]:
    """Spreadsheet row of each question name, so that errors point where the author looks."""
    rows: dict[str, int] = {}
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
                if name:
                    rows.setdefault(str(name).strip(), number)
    workbook.close()
    return rows


def _walk(children: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any] | None, dict[str, Any]]]:
    """Yield (group, question) pairs; top-level questions come with group None."""
    for child in children:
        if child.get("type") == "group" and child.get("name") == "meta":
            continue
        if child.get("type") == "group":
            for grandchild in child.get("children", []):
                if grandchild.get("type") == "group":
                    yield from _walk([grandchild])
                else:
                    yield child, grandchild
        else:
            yield None, child


def normalize(data: dict[str, Any], rows: dict[str, int] | None = None) -> dict[str, Any]:
    """pyxform's JSON into the definition JSON stored on a SurveyVersion (raises XLSFormError)."""
    rows = rows or {}
    problems: list[str] = []
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

    def where(name: str) -> str:
        return f"row {rows[name]} ({name})" if name in rows else f"question {name!r}"

    names = {q["name"] for _g, q in _walk(data.get("children", []))}
    pages: list[dict[str, Any]] = []
    current_group: object = object()
    for group, q in _walk(data.get("children", [])):
        qtype = PYXFORM_TYPES.get(q.get("type", ""))
        if qtype is None:
            problems.append(f"{where(q['name'])}: question type {q.get('type')!r} is not supported")
            continue
        if group is not current_group:
            current_group = group
            pages.append(_page(group, q, text, names, problems, where))
        bind = q.get("bind", {})
        question = {
            "name": q["name"],
            "type": qtype,
            "label": text(q.get("label")),
            "hint": text(q.get("hint")),
            "required": str(bind.get("required", "")).strip().lower() in {"yes", "true", "true()"},
            "relevant": _expression(bind.get("relevant"), names, where(q["name"]), problems),
            "constraint": _expression(bind.get("constraint"), names, where(q["name"]), problems),
            "constraint_message": text(bind.get("jr:constraintMsg")),
            "list_name": q.get("list_name"),
            "analysis": str(q.get("instance", {}).get("analysis", "")).lower()
            in {"themes", "yes", "true"},
        }
        pages[-1]["questions"].append(question)
    choices = {
        list_name: [{"name": str(c["name"]), "label": text(c.get("label"))} for c in items]
        for list_name, items in (data.get("choices") or {}).items()
    }
    if not any(q["type"] != "note" for p in pages for q in p["questions"]):
        problems.append("the form has no questions")
    if problems:
        raise XLSFormError(problems)
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
    }


def _page(group, first_question, text, names, problems, where) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    if group is None:
        return {"name": f"_{first_question['name']}", "label": {}, "relevant": None, "questions": []}
    relevant = _expression(
        group.get("bind", {}).get("relevant"), names, where(group["name"]), problems
    )
    return {"name": group["name"], "label": text(group.get("label")), "relevant": relevant,
            "questions": []}


def _expression(source: Any, names: set[str], where: str, problems: list[str]) -> str | None:
    if source is None or str(source).strip() == "":
        return None
    try:
        compile_expression(str(source), known_names=names)
    except ExpressionError as exc:
        problems.append(f"{where}: {exc}")
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
        raise XLSFormError([f"{path.name}: not a readable .xlsx file"]) from exc
    total = sum(part.file_size for part in parts)
    if len(parts) > MAX_PARTS or total > limit:
        raise XLSFormError([
            f"{path.name}: the workbook unpacks to {total // (1024 * 1024)} MB in {len(parts)} "
            f"parts; the limit is {limit // (1024 * 1024)} MB in {MAX_PARTS} parts. Remove "
            "very long cells, images or unused sheets and upload it again"
        ])


def parse_xlsform(path: str | Path, max_unpacked: int = MAX_UNPACKED_BYTES) -> dict[str, Any]:
    """Read an XLSForm workbook into definition JSON, or raise XLSFormError with every problem."""
    path = Path(path)
    if path.suffix.lower() not in {".xlsx", ".xls"}:
        raise XLSFormError([f"{path.name}: an XLSForm must be an .xlsx file"])
    if path.suffix.lower() == ".xlsx":
        check_unpacked_size(path, max_unpacked)
    try:
        data = parse_file_to_json(str(path))
    except PyXFormError as exc:
        raise XLSFormError([str(exc)]) from exc
    except Exception as exc:  # noqa: BLE001 - a broken workbook is the author's input, not our bug
        raise XLSFormError([f"{path.name}: not a readable XLSForm ({exc})"]) from exc
    definition = normalize(data, _question_rows(path))
    FormDefinition.from_json(definition)  # the stored JSON must load
    return definition


def to_xlsx(definition: FormDefinition, form_id: str) -> bytes:
    """Write a definition back as an XLSForm workbook, translations as `label::Name (code)` columns."""
    langs = definition.languages

    def header(kind: str) -> list[str]:
        return [f"{kind}::{definition.language_names.get(code) or code} ({code})" for code in langs]

    def cells(t: Text) -> list[str]:
        return [t.values.get(code, "") for code in langs]

    workbook = openpyxl.Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(["type", "name", *header("label"), *header("hint"), "required", "relevant",
                   "constraint", *header("constraint_message"), "instance::analysis"])
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", *header("label")])
    blank_hints = [""] * len(langs)
    for page in definition.pages:
        grouped = not page.name.startswith("_")
        if grouped:
            survey.append(["begin group", page.name, *cells(page.label), *blank_hints, "",
                           page.relevant or ""])
        for q in page.questions:
            qtype = q.type
            if q.choices:
                qtype = f"{q.type} {q.name}"
                for c in q.choices:
                    choices.append([q.name, c.name, *cells(c.label)])
            survey.append([qtype, q.name, *cells(q.label), *cells(q.hint),
                           "yes" if q.required else "", q.relevant or "", q.constraint or "",
                           *cells(q.constraint_message), "themes" if q.analysis else ""])
        if grouped:
            survey.append(["end group", page.name])
    settings = workbook.create_sheet("settings")
    others = [code for code in langs if code != definition.source_language]
    settings.append(["form_title", *[f"form_title::{definition.language_names.get(c) or c} ({c})"
                                     for c in others], "form_id", "version", "default_language"])
    src = definition.source_language
    settings.append([definition.title.values.get(src, ""),
                     *[definition.title.values.get(c, "") for c in others], form_id,
                     definition.version, f"{definition.language_names.get(src) or src} ({src})"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
