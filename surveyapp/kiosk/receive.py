"""A kiosk outbox's post: a whole response answered on the tablet, sent (and resent) until the server
acknowledges it. Sending is idempotent (the id is the primary key), so a replay never stores twice.
A response with files comes as one multipart post (receive_files), stored with all its files or not.

A queued response may be sent after the tablet left kiosk mode, so the request carries the id of the
kiosk session it was answered in (a secret, as in the page) instead of relying on the cookie. This
view checks the body's shape and who sends it; what is stored, and why not, is the responses
service's Outcome (services.outbox.deliver), which `outbox_answer` alone turns into JSON.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, g, request
from sqlalchemy import select

from ..db import get_session
from ..guard import reads_own_json
from ..models import Channel, KioskSession, SurveyVersion, utcnow
from ..services import outbox
from ..services.outcomes import Kind, Outcome
from ..services.responses import NewResponse, is_response_id
from ..services.surveys import definition_of
from ..survey.context import rules_context
from . import bp, receive_files

MAX_BODY = 256 * 1024
MAX_VERSION = 2**31 - 1

# The outbox's one translation of an Outcome. A 2xx removes the response from the tablet's queue;
# every 4xx tells it to keep the response for staff and stop resending it.
OUTBOX_STATUS: dict[Kind, int] = {
    "stored": 201,
    "acknowledged": 200,
    "conflict": 409,
    "invalid": 422,
    "gone": 409,
    "closed": 410,
}


def outbox_answer(outcome: Outcome) -> tuple[dict[str, Any], int]:
    """The JSON answer and status for what the service did."""
    status = OUTBOX_STATUS[outcome.kind]
    if status >= 400:
        return _problem(status, outcome.reason, **({"errors": outcome.errors} if outcome.errors else {}))
    word = "stored" if outcome.kind == "stored" else "stored before"
    return {"status": word, "id": outcome.response_id}, status


def _problem(status: int, reason: str, **extra: Any) -> tuple[dict[str, Any], int]:
    return {"status": "refused", "reason": reason, **extra}, status


_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _text(value: object) -> bool:
    """A string the database can store: JSON may carry a lone surrogate ("\\ud800") or a NUL, which
    PostgreSQL refuses; other control characters are no one's answer either."""
    return isinstance(value, str) and _UNSTORABLE.search(value) is None


def _parse(raw: bytes) -> Any:
    """The JSON body, or None for anything that is not JSON (bad UTF-8, nesting too deep to parse)."""
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


def _shape_problem(body: dict[str, Any]) -> str | None:
    """What is wrong with the body's shape, or None."""
    if not _text(body.get("id")) or not is_response_id(body.get("id")):
        return "id must be the response's UUID"
    answers = body.get("answers")
    if not isinstance(answers, dict) or not all(
        _text(name) and (_text(v) or (isinstance(v, list) and all(_text(i) for i in v)))
        for name, v in answers.items()
    ):
        return "answers must map question names to text or lists of text"
    version = body.get("version")
    if version is not None and (type(version) is not int or not 0 < version <= MAX_VERSION):
        return "version must be a survey version number"
    if body.get("lang") is not None and not _text(body.get("lang")):
        return "lang must be a language code"
    if body.get("answered_at") is not None and _answered_at(body) is None:
        return "answered_at must be an ISO 8601 time with its zone"
    return None


def _answered_at(body: dict[str, Any]) -> datetime | None:
    value = body.get("answered_at")
    if not _text(value):
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


@bp.post("/k/<token>/responses")
@reads_own_json
def receive(token: str) -> Any:
    """A whole response from a kiosk's outbox: 201 stored, 200 stored before, 4xx with a reason
    (kept for staff once the post is known to come from a kiosk of this channel)."""
    origin = request.headers.get("Origin")
    if origin and origin.rstrip("/") != request.host_url.rstrip("/"):
        return _problem(403, "responses are accepted from this site's own pages only")
    files: dict[str, Any] = {}
    if request.mimetype == "multipart/form-data":  # a response with its files (receive_files)
        got = receive_files.multipart_body(MAX_BODY)
        if isinstance(got[0], int):
            return _problem(got[0], str(got[1]))
        raw, files = got
    elif not request.is_json:
        return _problem(415, "send the response as application/json, or multipart with its files")
    elif (request.content_length or 0) > MAX_BODY:
        return _problem(413, "the response is too large")
    else:
        raw = request.get_data(cache=False)
    if len(raw) > MAX_BODY:
        return _problem(413, "the response is too large")
    body = _parse(raw)
    if not isinstance(body, dict):
        return _problem(400, "the body is not a JSON object")
    db = get_session()
    channel = db.scalar(select(Channel).where(Channel.token == token[:64]))
    if channel is None or channel.mode != "kiosk":
        return _problem(404, "no kiosk channel with this token")
    kiosk_id = body.get("kiosk")
    kiosk = db.get(KioskSession, kiosk_id[:64]) if _text(kiosk_id) else None
    if kiosk is None or kiosk.channel_id != channel.id:
        return _problem(403, "not answered on a kiosk of this channel")

    problem = _shape_problem(body)
    version = None
    if not problem:
        version = db.get(SurveyVersion, body["version"]) if body.get("version") else None
        if version is None or version.survey_id != channel.survey_id:
            version = channel.survey.current_version
        if version is None:
            problem = "this survey has no published version"
        elif files:
            problem = receive_files.not_file_answers(definition_of(version), files, body["answers"])
    if problem or version is None:
        response_id = body.get("id")
        outbox.refuse(
            db,
            channel.id,
            kiosk_id=kiosk.id,
            reason=str(problem),
            response_id=response_id if _text(response_id) and is_response_id(response_id) else None,
            body=raw.decode("utf-8"),
        )
        db.commit()
        return _problem(400, str(problem))
    definition = definition_of(version)
    lang = body.get("lang")
    if lang not in definition.languages:
        lang = definition.source_language
    # The rules run in the response's language (jr:choice-name), with today in TIMEZONE.
    g.rules_context = rules_context(definition, str(lang), current_app.config["TIMEZONE"])
    outcome = outbox.deliver(
        db,
        channel,
        kiosk.id,
        body["id"],
        NewResponse(survey_id=channel.survey_id, version_id=version.id, channel_id=channel.id),
        definition,
        {**body["answers"], **receive_files.file_values(definition, files, str(lang))},
        language=str(lang),
        max_length=current_app.config["TEXT_MAX_LENGTH"],
        answered_at=_answered_at(body),
        now=utcnow(),
        grace=timedelta(hours=current_app.config["OUTBOX_GRACE_HOURS"]),
        body=raw.decode("utf-8"),
    )
    return outbox_answer(outcome)


receive.names_own_files = True  # type: ignore[attr-defined]  # file answers are named by the app
