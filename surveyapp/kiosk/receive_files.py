"""The files of a kiosk outbox's post: a response with file answers comes as one multipart post, its
JSON in the part `response` and each file in a part named by its answer key (`photo`,
`member[2]/photo`), so that the answers and every file are stored in one transaction or not at all
(services.responses.store_whole). Each file is checked as a survey page checks it (size, empty,
kind read from its bytes: public/uploads.file_answer), with the same message by its question. A
key in a repeat must be one of an instance the response's answers make, under its own repeats.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request
from flask_babel import force_locale
from werkzeug.datastructures import FileStorage

from ..public.uploads import file_answer
from ..services.answer_files import is_file_answer, media_names
from ..survey.definition import FormDefinition
from ..survey.repeats import expand, parse_key

JSON_PART = "response"
# The files one post may carry: a form with more file answers than this is answered online.
OUTBOX_FILES = 10
# A multipart part's headers and boundary, beyond its bytes.
PART_OVERHEAD = 4096


def body_limit(max_json: int) -> int:
    """The largest multipart post the outbox reads: its JSON and OUTBOX_FILES files at the limit."""
    return max_json + OUTBOX_FILES * (current_app.config["UPLOAD_MAX_BYTES"] + PART_OVERHEAD)


def multipart_body(max_json: int) -> tuple[bytes, dict[str, FileStorage]] | tuple[int, str]:
    """(the JSON part's bytes, the files by answer key), or (status, reason) of what is wrong."""
    parts = list(request.files.items(multi=True))
    found = [upload for name, upload in parts if name == JSON_PART]
    if len(found) != 1:
        return 400, "send the response as JSON in one part named response"
    raw = found[0].stream.read(max_json + 1)
    if len(raw) > max_json:
        return 413, "the response is too large"
    files = {name: upload for name, upload in parts if name != JSON_PART}
    if len(files) != len(parts) - 1:
        return 400, "each file answer may be sent once"
    if len(files) > OUTBOX_FILES:
        return 413, f"a response may carry at most {OUTBOX_FILES} files"
    return raw, files


def asked_files(definition: FormDefinition, answers: dict[str, Any]) -> frozenset[str]:
    """The file answer keys the form asks with these answers: in a repeat, those of the instances
    its count or repeat_count makes (`household[2]/member[3]/photo`), under their own repeats."""
    stored = {k: " ".join(v) if isinstance(v, list) else v for k, v in answers.items()}
    expanded = expand(definition, stored)
    return frozenset(q.name for p in expanded.pages for q in p.questions if q.is_media)


def not_file_answers(
    definition: FormDefinition, files: dict[str, FileStorage], answers: dict[str, Any]
) -> str | None:
    """Why these parts cannot be file answers of this form with these answers, or None: a key in a
    repeat names an instance the answers make (the tablet drops the others' files at the end)."""
    media = media_names(definition)
    asked = asked_files(definition, answers) if any(parse_key(key) for key in files) else frozenset()
    wrong = sorted(
        key
        for key in files
        if not is_file_answer(definition, media, key) or (parse_key(key) is not None and key not in asked)
    )
    if wrong:
        return "files were sent for questions that take none: " + ", ".join(wrong)
    return None


def file_values(definition: FormDefinition, files: dict[str, FileStorage], lang: str) -> dict[str, Any]:
    """Each file as its question's raw value (Upload, or Refused with the page's message in the
    response's language)."""
    asked = {q.name: q for p in definition.stored_pages or definition.pages for q in p.questions}
    values: dict[str, Any] = {}
    with force_locale(lang):
        for key, upload in files.items():
            parsed = parse_key(key)
            values[key] = file_answer(upload, asked[parsed[2] if parsed else key])
    return values


def _room_for_files() -> None:
    """Before the guard reads the body: an outbox post may carry its files."""
    if request.endpoint == "kiosk.receive" and request.mimetype == "multipart/form-data":
        from .receive import MAX_BODY

        request.max_content_length = body_limit(MAX_BODY)


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _room_for_files)
