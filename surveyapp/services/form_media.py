"""Images, audio and video of a form: XLSForm's media columns (`image`, `big-image`, `audio`,
`video`, each per language as `image::Español (es)`) on the survey and choices sheets, and the files
uploaded beside the workbook that they name.

A file's kind is read from its first bytes, not trusted from its name: a `.png` must begin as a PNG
does, and the type it is served with is the one its bytes show. SVG is refused: it is a document that
may hold scripts and links, and served from this site it would run with the site's rights when opened;
a PNG or WebP of it shows the same. A media column naming a file that is not attached is a problem
(with its sheet, row and column): versions are never edited, so a version published without its file
would show every respondent a broken image for good (ODK Central waits for "expected attachments"
before it publishes; Kobo warns and serves the gap).

The files named are kept with the version (SurveyMedia rows, their digests in the definition's
"media"), served by surveyapp/media.py under their digest, and written back on download.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path, PurePath
from typing import Any

import openpyxl
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import SurveyMedia, SurveyVersion
from .attachments import MEDIA_TYPES
from .xlsform_report import Finding
from .xlsform_support import sheet_column_keys

MEDIA_COLUMNS = ("image", "big-image", "audio", "video")
# Which media column takes which kind of file.
KINDS = {"image": "image", "big-image": "image", "audio": "audio", "video": "video"}
SNIFF_BYTES = 64 * 1024
# What each kind takes: what current browsers play (AVI, FLAC... are not on that list).
SUFFIXES = {
    kind: ", ".join(s for s, t in MEDIA_TYPES.items() if t.startswith(kind))
    for kind in ("image", "audio", "video")
}


def _is_mp3(head: bytes) -> bool:
    return head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


# The first bytes each suffix's files begin with.
SIGNATURES = {
    ".png": lambda h: h[:8] == b"\x89PNG\r\n\x1a\n",
    ".jpg": lambda h: h[:3] == b"\xff\xd8\xff",
    ".jpeg": lambda h: h[:3] == b"\xff\xd8\xff",
    ".gif": lambda h: h[:6] in (b"GIF87a", b"GIF89a"),
    ".webp": lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP",
    ".mp3": _is_mp3,
    ".ogg": lambda h: h[:4] == b"OggS",
    ".wav": lambda h: h[:4] == b"RIFF" and h[8:12] == b"WAVE",
    ".m4a": lambda h: h[4:8] == b"ftyp",
    ".mp4": lambda h: h[4:8] == b"ftyp",
    ".webm": lambda h: h[:4] == b"\x1a\x45\xdf\xa3",
    ".mkv": lambda h: h[:4] == b"\x1a\x45\xdf\xa3",
}


def is_media(name: str) -> bool:
    return PurePath(name).suffix.lower() in MEDIA_TYPES


def content_type(name: str, data: bytes) -> str | None:
    """The type a media file is served with, when its bytes are what its suffix says; else None."""
    suffix = PurePath(name).suffix.lower()
    check = SIGNATURES.get(suffix)
    return MEDIA_TYPES[suffix] if check is not None and check(data[:SNIFF_BYTES]) else None


def check_files(attached: Mapping[str, bytes]) -> list[Finding]:
    """Each attached media file whose bytes are not of its kind (a renamed file, a broken upload)."""
    problems = []
    for name, data in attached.items():
        if is_media(name) and content_type(name, data) is None:
            problems.append(
                Finding(
                    name,
                    None,
                    "",
                    _l(
                        "The file does not hold what its name says (%(suffix)s); save it again in that "
                        "format.",
                        suffix=PurePath(name).suffix.lower(),
                    ),
                    file=True,
                )
            )
    return problems


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF or JPEG, so that a page keeps its place while images load."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data[:3] == b"\xff\xd8\xff":
        at = 2
        while at + 9 < len(data) and data[at] == 0xFF:
            marker, length = data[at + 1], struct.unpack(">H", data[at + 2 : at + 4])[0]
            if marker in {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}:
                height, width = struct.unpack(">HH", data[at + 5 : at + 9])
                return width, height
            at += 2 + length
    return None


def references(path: Path) -> Iterator[tuple[str, int, str, str, str]]:
    """(sheet, row, header, media column, file name) of every media cell of the survey and choices
    sheets, each language's column on its own (pyxform keeps one value per language)."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - the workbook checks report an unreadable file
        return
    try:
        for worksheet in book.worksheets:
            sheet = worksheet.title.strip().lower()
            if sheet not in {"survey", "choices"}:
                continue
            headers: list[str] = []
            keys: list[str] = []
            for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = ["" if c is None else str(c).strip() for c in row]
                if number == 1:
                    headers, keys = cells, sheet_column_keys(cells)
                    continue
                for header, key, value in zip(headers, keys, cells, strict=False):
                    column = key if key in MEDIA_COLUMNS else None
                    if value and column:
                        yield sheet, number, header, column, value
    finally:
        book.close()


def workbook_problems(path: Path, attached: Mapping[str, bytes]) -> list[Finding]:
    """A media cell naming a file that is not attached, or one of another kind than its column."""
    problems = []
    for sheet, number, header, column, name in references(path):
        if not is_media(name) or KINDS[column] != MEDIA_TYPES[PurePath(name).suffix.lower()].split("/")[0]:
            problems.append(
                Finding(
                    sheet,
                    number,
                    header,
                    _l(
                        "%(file)s is not a file this column takes (%(suffixes)s).",
                        file=name,
                        suffixes=SUFFIXES[KINDS[column]],
                    ),
                )
            )
        elif name not in attached:
            problems.append(
                Finding(
                    sheet,
                    number,
                    header,
                    _l("%(file)s is not attached; attach it beside the workbook.", file=name),
                )
            )
    return problems


def of(item: Mapping[str, Any], text: Any) -> dict[str, Any]:
    """The media of a question or choice in pyxform's JSON as {"media": {column: {lang: file}}}."""
    media = item.get("media")
    if not isinstance(media, Mapping):
        return {}
    kept = {column: text(media[column]) for column in MEDIA_COLUMNS if media.get(column)}
    kept = {column: files for column, files in kept.items() if files}
    return {"media": kept} if kept else {}


def named(definition: Mapping[str, Any]) -> set[str]:
    """Every file name a question or choice of the definition JSON shows."""
    items = [q for page in definition["pages"] for q in page["questions"]]
    items += [c for choices in (definition.get("choices") or {}).values() for c in choices]
    return {name for item in items for files in (item.get("media") or {}).values() for name in files.values()}


def describe(definition: Mapping[str, Any], attached: Mapping[str, bytes]) -> dict[str, Any]:
    """The definition's "media": each shown file's type, size, digest and (images) dimensions."""
    out: dict[str, Any] = {}
    for name in sorted(named(definition) & set(attached)):
        data = attached[name]
        info: dict[str, Any] = {
            "type": content_type(name, data),
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        if size := image_size(data):
            info["width"], info["height"] = size
        out[name] = info
    return out


def headers(definition: Mapping[str, Any], header: Callable[[str], list[str]]) -> list[str]:
    """The media columns of a downloaded workbook (none for a form without media), each per
    language as the label's."""
    if not definition.get("media"):
        return []
    return [h for column in MEDIA_COLUMNS for h in header(column)]


def cells(
    definition: Mapping[str, Any], item: Mapping[str, Any], per_language: Callable[[Any], list[str]]
) -> list[str]:
    """A question's or choice's cells under headers()."""
    if not definition.get("media"):
        return []
    media = item.get("media") or {}
    return [c for column in MEDIA_COLUMNS for c in per_language(media.get(column))]


def store(session: Session, version: SurveyVersion, attached: Mapping[str, bytes]) -> None:
    """Keep the media files a new version shows with it (flushes)."""
    for name, info in (version.definition.get("media") or {}).items():
        session.add(
            SurveyMedia(
                version_id=version.id,
                name=name,
                content_type=info["type"],
                sha256=info["sha256"],
                size=info["size"],
                data=attached[name],
            )
        )
    session.flush()


def files_of(session: Session, version: SurveyVersion) -> dict[str, bytes]:
    """A version's media files by name, as uploaded (written back beside the workbook)."""
    rows = session.execute(
        select(SurveyMedia.name, SurveyMedia.data).where(SurveyMedia.version_id == version.id)
    ).all()
    return {row.name: row.data for row in rows}


def find(session: Session, digest: str, name: str) -> SurveyMedia | None:
    """The stored file of this name whose digest begins with `digest` (its address)."""
    if len(digest) != DIGEST_LENGTH:
        return None
    return session.scalar(
        select(SurveyMedia)
        .where(SurveyMedia.sha256.startswith(digest, autoescape=True), SurveyMedia.name == name)
        .limit(1)
    )


# The part of a file's SHA-256 in its address: 128 bits, so an address cannot be guessed, and a new
# content is a new address (a file is cached for good).
DIGEST_LENGTH = 32
