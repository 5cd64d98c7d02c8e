"""A form's attached files, as ODK and Kobo take them beside the workbook: the data behind
`select_one_from_file`, `select_multiple_from_file` and `pulldata()`.

Each data file (.csv, .xml as ODK's `root/item`, .geojson features) is read at import into a table
(columns, rows) stored with the version, so that a version never depends on a file that may change
later: choices come from the table, `pulldata('file', ...)` and `instance('file')` read its rows, and
the file is written back from it when the survey is downloaded. Every problem of every file is listed
at once, with the file and its row, like the workbook's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from flask_babel import lazy_gettext as _l

from .data_files import Table, file_finding
from .xlsform_report import Finding

DATA_TYPES = {".csv": "text/csv", ".xml": "application/xml", ".geojson": "application/geo+json"}
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".wav": "audio/wav",
    ".m4a": "audio/mp4",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    # Matroska, WebM's parent format: Chromium and Firefox play it, Safari does not.
    ".mkv": "video/x-matroska",
}
# Limits of one upload: a data file's table is kept in the version's definition (and a kiosk's
# offline page carries the ones its expressions read), so they stay small.
MAX_FILES = 20
MAX_FILE_BYTES = 1024 * 1024
# Also what a kiosk tablet keeps of a version's media for offline use (offline_refusal).
MAX_TOTAL_BYTES = 5 * 1024 * 1024
MAX_STORED_BYTES = 512 * 1024  # every data table of one version, as stored JSON
# The attached data an offline kiosk page may carry (what its pulldata() and instance() calls read):
# the page a tablet keeps stays near its 100 kB budget. A form that reads more is answered online.
KIOSK_DATA_MAX = 48 * 1024
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$")
# ODK's defaults of the value and label columns, by file kind (pyxform's select-from-file).
DEFAULT_COLUMNS = {".csv": ("name", "label"), ".xml": ("name", "label"), ".geojson": ("id", "title")}
FROM_FILE_TYPES = {"select_one_from_file": "select one", "select_multiple_from_file": "select all that apply"}
EXTERNAL_TYPE = "select_one_external"
FILE_FUNCTION = re.compile(r"""\b(?:pulldata|instance)\s*\(\s*(['"])([^'"]+)\1""")


def check_names(files: Mapping[str, bytes]) -> list[Finding]:
    """Names, kinds and sizes of the uploaded files: a plain name (no folder), a data or media
    type, within the limits."""
    problems: list[Finding] = []
    if len(files) > MAX_FILES:
        problems.append(
            Finding(
                "",
                None,
                "",
                _l(
                    "%(count)d files are attached; at most %(limit)d can be.",
                    count=len(files),
                    limit=MAX_FILES,
                ),
            )
        )
    total = 0
    for name, data in files.items():
        total += len(data)
        suffix = PurePath(name).suffix.lower()
        if not SAFE_NAME.match(name) or PurePath(name).name != name or ".." in name:
            problems.append(
                file_finding(
                    name,
                    None,
                    _l("A file name may hold only letters, digits, spaces, dots, - and _, with no folder."),
                )
            )
        elif suffix == ".svg":
            # An SVG is a document that can hold scripts and links (services.form_media).
            problems.append(
                file_finding(
                    name,
                    None,
                    _l(
                        "SVG images are not taken: an SVG can hold scripts, which would run on this site. "
                        "Save the image as PNG or WebP."
                    ),
                )
            )
        elif suffix not in DATA_TYPES and suffix not in MEDIA_TYPES:
            problems.append(
                file_finding(
                    name,
                    None,
                    _l(
                        "Only .csv, .xml and .geojson files, images (.png, .jpg, .gif, .webp), audio (.mp3, "
                        ".m4a, .ogg, .wav) and video (.mp4, .webm, .mkv) can be attached."
                    ),
                )
            )
        if len(data) > MAX_FILE_BYTES:
            problems.append(
                file_finding(
                    name,
                    None,
                    _l(
                        "The file is %(size)d kB; an attached file may be at most %(limit)d kB.",
                        size=len(data) // 1024,
                        limit=MAX_FILE_BYTES // 1024,
                    ),
                )
            )
    if total > MAX_TOTAL_BYTES:
        problems.append(
            Finding(
                "",
                None,
                "",
                _l(
                    "The attached files hold %(size)d kB together; the limit is %(limit)d kB.",
                    size=total // 1024,
                    limit=MAX_TOTAL_BYTES // 1024,
                ),
            )
        )
    return problems


def read_paths(paths: Iterable[str]) -> dict[str, bytes]:
    """Files named on the command line as {file name: content}."""
    opened = []
    for path in paths:
        opened.append((PurePath(path).name, open(path, "rb")))  # noqa: SIM115 - closed below
    try:
        return _collect(opened)
    finally:
        for _name, handle in opened:
            handle.close()


def uploaded_files(storages: Iterable[Any] | None) -> dict[str, bytes]:
    """The files of an upload form's multiple-file field (werkzeug FileStorage) as {name: content};
    an empty field sends one nameless part, which is no file."""
    return _collect([(s.filename, s.stream) for s in storages or [] if s and s.filename])


def _collect(opened: Iterable[tuple[str, Any]]) -> dict[str, bytes]:
    """Each file read no further than one byte past the limit (check_names then reports it); two
    files of one name are a problem (raises XLSFormError)."""
    files: dict[str, bytes] = {}
    problems: list[Finding] = []
    for name, handle in opened:
        if name in files:
            problems.append(file_finding(name, None, _l("Two attached files have this name.")))
        files[name] = handle.read(MAX_FILE_BYTES + 1)
    if problems:
        from .xlsform import XLSFormError

        raise XLSFormError(problems)
    return files


def language_columns(columns: Iterable[str], base: str) -> list[tuple[str, str]]:
    """(column, language key) of a label column and its translations: `label` -> 'default',
    `label::Español (es)` -> 'Español (es)', as pyxform keys translations."""
    out = []
    for column in columns:
        if column == base:
            out.append((column, "default"))
        elif column.startswith(base + "::"):
            out.append((column, column.split("::", 1)[1].strip()))
    return out


def choices_from(
    table: Table,
    where: str,
    value: str,
    label: str,
    allow_duplicates: bool,
    text: Any,
    label_required: bool = True,
    sheet_rows: bool = False,
    multiple: bool = False,
) -> tuple[list[dict[str, Any]], list[Finding]]:
    """A table's rows as choices: `value` and `label` columns (labels per language), the others kept
    per choice under "columns" (what choice_filter reads)."""

    def at(row: int | None, message: Any) -> Finding:
        return Finding(where, row, "", message, file=not sheet_rows)

    labels = language_columns(table.columns, label)
    problems: list[Finding] = []
    if value not in table.columns:
        problems.append(at(1, _l("The file has no column %(column)s for the choices' values.", column=value)))
    if not labels and label_required:
        problems.append(at(1, _l("The file has no column %(column)s for the choices' labels.", column=label)))
    if problems:
        return [], problems
    taken = {column for column, _key in labels} | {value}
    choices: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, record in zip(table.numbers, table.records(), strict=True):
        name = record.get(value, "")
        if not name:
            problems.append(at(number, _l("This row has no value in the column %(column)s.", column=value)))
            continue
        if multiple and " " in name:
            problems.append(
                at(
                    number,
                    _l(
                        "The value %(name)s holds a space; a question that takes several answers keeps "
                        "them separated by spaces, so its values cannot hold one.",
                        name=name,
                    ),
                )
            )
            continue
        if name in seen and not allow_duplicates:
            problems.append(
                at(number, _l("The value %(name)s is already in row %(row)d.", name=name, row=seen[name]))
            )
            continue
        seen.setdefault(name, number)
        # A choice without a label shows its value: a person never sees a blank.
        label_text = text({key: record.get(column, "") for column, key in labels}) or text(name)
        choice: dict[str, Any] = {"name": name, "label": label_text}
        extra = {c: record.get(c, "") for c in table.columns if c not in taken}
        if extra:
            choice["columns"] = extra
        choices.append(choice)
    return choices, problems


def names_read(expressions: Iterable[str | None]) -> set[str]:
    """The instance names that pulldata('name', ...) and instance('name') calls read."""
    return {m[2] for e in expressions if e for m in FILE_FUNCTION.finditer(e)}


def instances_read(definition: Any, expressions: Iterable[str | None]) -> dict[str, Any]:
    """The attached data rows that these expressions read (by instance name), for the kiosk."""
    wanted = names_read(expressions)
    return {name: list(rows) for name, rows in definition.instances.items() if name in wanted}


def rule_sources(definition: Any) -> list[str]:
    """Every expression of a form's pages and questions (parsed FormDefinition)."""
    return [e for p in definition.pages for e in (p.relevant,) if e] + [
        e
        for q in definition.questions.values()
        for e in (q.relevant, q.constraint, q.required_when, q.calculation)
        if e
    ]


def offline_media_bytes(definition: Any) -> int:
    """What a tablet keeps to show a form's media offline: every file of the version, in every
    language (the offline page switches language without the network)."""
    return sum(f.size for f in getattr(definition, "media", {}).values())


def offline_refusal(definition: Any) -> str | None:
    """Why a kiosk cannot keep this form offline, or None: the media it shows are more than the
    tablet's service worker keeps beside the page (every file of the version, all languages, up to
    MAX_TOTAL_BYTES); or the attached data it reads is too large. Files it asks for, in repeats
    too, wait on the tablet under their answer keys and go with the response from the outbox."""
    shown = offline_media_bytes(definition)
    if shown > MAX_TOTAL_BYTES:
        return str(
            _l(
                "This survey shows %(size)d kB of images, audio and video, more than a tablet keeps "
                "offline (%(limit)d kB): it is answered online, page by page.",
                size=shown // 1024,
                limit=MAX_TOTAL_BYTES // 1024,
            )
        )
    size = len(
        json.dumps(
            instances_read(definition, rule_sources(definition)), ensure_ascii=False, separators=(",", ":")
        ).encode()
    )
    if size <= KIOSK_DATA_MAX:
        return None
    return str(
        _l(
            "This survey reads %(size)d kB of attached data, more than a tablet keeps offline "
            "(%(limit)d kB): it is answered online, page by page.",
            size=size // 1024,
            limit=KIOSK_DATA_MAX // 1024,
        )
    )
