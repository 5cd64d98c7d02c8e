"""The files a survey page posts: read within `UPLOAD_MAX_BYTES`, made safe to keep
(services.media), and handed to the responses service as each file question's raw value.

A survey page with a file question posts `multipart/form-data`; its body may then be as large as
`MAX_CONTENT_LENGTH` plus `UPLOAD_BODY_FILES` times `UPLOAD_MAX_BYTES`, so that a page of a few
file questions fits, and a file somewhat over the limit gets a message next to its question rather
than the "too large" page.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from ..services.media import MediaRefused, keep
from ..survey.answers import field_name
from ..survey.definition import Page, Question
from ..survey.media import REMOVE, REMOVE_FIELD, Refused, Upload, accept_of

# Read in pieces of this size, so that an over-long file is refused once the limit is passed.
CHUNK = 64 * 1024
UPLOAD_BODY_FILES = 4
# The survey page saves of the three flows (links, kiosk, assisted entry).
SAVE_ENDPOINTS = frozenset({"public.save_page", "kiosk.save_page", "assisted.save_page"})


def size_text(size: int) -> str:
    """A size as a person reads it: `5 MB`, `2.5 MB`, `49 kB`."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".") + " MB"
    return f"{max(1, round(size / 1024))} kB"


def _read(upload: FileStorage, limit: int) -> bytes | None:
    """The file's bytes, or None when it is over `limit`."""
    parts: list[bytes] = []
    total = 0
    while chunk := upload.stream.read(CHUNK):
        total += len(chunk)
        if total > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)


def posted_files(page: Page) -> dict[str, Any]:
    """Each file question's raw value from this request: Upload, Refused, REMOVE, or nothing
    (the file stored before is kept)."""
    removed = set(request.form.getlist(REMOVE_FIELD))
    values: dict[str, Any] = {}
    for q in page.questions:
        if not q.is_media:
            continue
        upload = request.files.get(field_name(q))
        if upload is None or not upload.filename:
            if q.name in removed:
                values[q.name] = REMOVE
            continue
        values[q.name] = file_answer(upload, q)
    return values


def file_answer(upload: FileStorage, q: Question) -> Upload | Refused:
    """One sent file as a file question's raw value: within `UPLOAD_MAX_BYTES`, not empty, of a kind
    the question takes (a survey page's post and a kiosk outbox's alike)."""
    data = _read(upload, current_app.config["UPLOAD_MAX_BYTES"])
    if data is None:
        return Refused(too_large_file())
    if not data:
        return Refused(empty_file())
    try:
        return Upload(keep(data, accept_of(q), q.max_pixels))
    except MediaRefused as refusal:
        return Refused(str(refusal))


def too_large_file() -> str:
    """The message by a file question for a file over the limit (the offline kiosk shows it too)."""
    return _("This file is larger than %(limit)s. Please choose a smaller one.", limit=upload_limit())


def empty_file() -> str:
    return _("This file is empty. Please choose another one.")


def _room_for_files() -> None:
    """Before the guard reads the body: a survey page's multipart post may carry its files."""
    if request.endpoint in SAVE_ENDPOINTS and request.mimetype == "multipart/form-data":
        config = current_app.config
        request.max_content_length = (
            config["MAX_CONTENT_LENGTH"] + UPLOAD_BODY_FILES * config["UPLOAD_MAX_BYTES"]
        )


def too_large_message() -> str | None:
    """What the "too large" page says after a survey page's post (None elsewhere)."""
    if request.endpoint not in SAVE_ENDPOINTS:
        return None
    return _(
        "What you sent is too large: each file may be at most %(limit)s. Please go back and "
        "choose a smaller file; your answers saved before are kept.",
        limit=upload_limit(),
    )


def upload_limit() -> str:
    """The largest file a question takes, as the page says it."""
    return size_text(current_app.config["UPLOAD_MAX_BYTES"])


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _room_for_files)
    app.jinja_env.globals["upload_limit"] = upload_limit
