"""XLSForm in and out: pyxform parses the workbook, xlsform_normalize makes it a FormDefinition's JSON.

Authoring errors are found at import time and reported all at once, each with its sheet, row and
column (xlsform_report), before anyone answers; columns the app does not use yet come back as warnings.
"""

from __future__ import annotations

import copy
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from flask_babel import lazy_gettext as _l
from pyxform.builder import create_survey_element_from_dict
from pyxform.errors import PyXFormError
from pyxform.xls2json import parse_file_to_json

from ..survey.definition import FormDefinition
from . import attached_choices, form_media
from .attachments import check_names
from .xlsform_errors import XLSFormError as XLSFormError  # raised by read_xlsform, caught by its callers
from .xlsform_errors import problem as problem
from .xlsform_keys import SEPARATOR, track_groups
from .xlsform_kobo import without_kobo_bookkeeping
from .xlsform_loops import translated_messages
from .xlsform_normalize import normalize
from .xlsform_report import Finding, check_workbook, pyxform_finding
from .xlsform_support import sheet_column_keys
from .xlsform_writer import to_xlsx as to_xlsx  # XLSForm out, where the views and CLI import it

# A workbook's parts once unpacked: real XLSForms with thousands of rows stay under 2 MB; an 844 kB
# upload that unpacks to an 800 MB cell would hold a worker for half a minute and 1.6 GB of memory.
MAX_UNPACKED_BYTES = 10 * 1024 * 1024
MAX_PARTS = 500


@dataclass
class ParsedForm:
    """A workbook read into definition JSON, with what of it the app leaves out (warnings)."""

    definition: dict[str, Any]
    warnings: list[Finding] = field(default_factory=list)


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
                header = sheet_column_keys([str(c or "").strip() for c in row], "survey")
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
    if path.suffix.lower() not in {".xlsx", ".xls"}:
        raise problem(_l("%(file)s: an XLSForm must be an .xlsx file.", file=path.name))
    if path.suffix.lower() == ".xlsx":
        check_unpacked_size(path, max_unpacked)
    with without_kobo_bookkeeping(path) as workbook:
        return _read(workbook, dict(attachments or {}))


def _read(path: Path, attachments: dict[str, bytes]) -> ParsedForm:
    """read_xlsform past its size check, on the workbook as the author meant it."""
    warnings: list[Finding] = []
    problems: list[Finding] = []
    if path.suffix.lower() == ".xlsx":
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
