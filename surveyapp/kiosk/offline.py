"""The kiosk that keeps working when the network drops (progressive enhancement, no framework).

With JavaScript, a kiosk shows the whole survey as one page (`/k/<token>/offline?lang=`), which its
service worker keeps, so it opens without a network. A finished response is put in the browser's
IndexedDB under its id and sent to `/k/<token>/responses` until the server acknowledges it. Sending is
idempotent (the spine's exactly-once rule: the id is the primary key), so a replay never stores twice.

A queued response may be sent after the tablet left kiosk mode, so the request carries the id of the
kiosk session it was answered in (a secret, as in the page) instead of relying on the cookie.
Without JavaScript the tablet uses the server's page-by-page flow, which needs the network.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, g, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..db import get_session
from ..forms.definition import FormDefinition
from ..forms.page_form import check_whole, field_name
from ..models import Channel, KioskSession, SurveyVersion
from ..public.context import load_link
from ..services.groups import upcoming as upcoming_groups
from ..services.responses import AlreadySubmitted, is_response_id, submit_whole
from ..services.surveys import definition_of
from . import bp

MAX_BODY = 256 * 1024


def _tree(source: str | None) -> Any:
    from ..expressions.export import tree_json

    return tree_json(source) if source else None


def survey_data(definition: FormDefinition) -> list[dict[str, Any]]:
    """What the browser needs to page, skip and check as the server does (expression trees, not text)."""
    return [
        {"relevant": _tree(page.relevant),
         "questions": [{"name": q.name, "field": field_name(q), "type": q.type, "required": q.required,
                        "relevant": _tree(q.relevant), "constraint": _tree(q.constraint),
                        "choices": [c.name for c in q.choices]}
                       for q in page.questions]}
        for page in definition.pages
    ]


def messages(definition: FormDefinition, lang: str) -> dict[str, Any]:
    """The checks' messages in the page's language, the same strings as the server's."""
    return {
        "required": _("This question needs an answer."),
        "ack": _("Please check the box to continue."),
        "integer": _("Please enter a whole number, for example 3."),
        "decimal": _("Please enter a number, for example 2.5."),
        "date": _("Please enter a date like 2024-05-31."),
        "choice": _("Please choose from the options in the list."),
        "tooLong": _("Your answer is too long. Please shorten it. Your text is still here."),
        "notAllowed": _("This answer is not allowed. Please check it."),
        "constraint": {q.name: q.constraint_message.get(lang)
                       for q in definition.answerable if q.constraint and q.constraint_message.get(lang)},
    }


@bp.get("/k/<token>/offline")
def whole_survey(token: str) -> Any:
    link = load_link(token)
    lang = link.lang
    data = {
        "token": token, "kiosk": g.kiosk.id, "version": link.version.id, "lang": lang,
        "send": url_for("kiosk.receive", token=token), "start": url_for("kiosk.start", token=token),
        "maxLength": current_app.config["TEXT_MAX_LENGTH"], "pages": survey_data(link.definition),
        "messages": messages(link.definition, lang),
    }
    return render_template("kiosk/offline.html", link=link, definition=link.definition,
                           field_name=field_name, data=_script_json(data),
                           groups=upcoming_groups(get_session(), link.channel.partner_id))


def _script_json(data: dict[str, Any]) -> str:
    """JSON safe inside <script>: no "</script>" or "<!--" can end it early (texts come from authors)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _problem(status: int, reason: str, **extra: Any) -> tuple[dict[str, Any], int]:
    return {"status": "refused", "reason": reason, **extra}, status


@bp.post("/k/<token>/responses")
def receive(token: str) -> Any:
    """A whole response from a kiosk's outbox: 201 stored, 200 stored before, 4xx with a reason."""
    origin = request.headers.get("Origin")
    if origin and origin.rstrip("/") != request.host_url.rstrip("/"):
        return _problem(403, "responses are accepted from this site's own pages only")
    if not request.is_json:
        return _problem(415, "send the response as application/json")
    if (request.content_length or 0) > MAX_BODY:
        return _problem(413, "the response is too large")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _problem(400, "the body is not a JSON object")
    db = get_session()
    channel = db.scalar(select(Channel).where(Channel.token == token[:64]))
    if channel is None or channel.mode != "kiosk":
        return _problem(404, "no kiosk channel with this token")
    kiosk = db.get(KioskSession, str(body.get("kiosk", ""))[:64])
    if kiosk is None or kiosk.channel_id != channel.id:
        return _problem(403, "not answered on a kiosk of this channel")
    response_id, lang, answers = body.get("id"), body.get("lang"), body.get("answers")
    if not is_response_id(response_id if isinstance(response_id, str) else None):
        return _problem(400, "id must be the response's UUID")
    if not isinstance(answers, dict) or not all(
            isinstance(v, str) or (isinstance(v, list) and all(isinstance(i, str) for i in v))
            for v in answers.values()):
        return _problem(400, "answers must map question names to text or lists of text")
    version = db.get(SurveyVersion, body.get("version")) if isinstance(body.get("version"), int) else None
    if version is None or version.survey_id != channel.survey_id:
        version = channel.survey.current_version
    definition = definition_of(version)
    if lang not in definition.languages:
        lang = definition.source_language
    unknown = sorted(set(answers) - {q.name for q in definition.answerable})
    if unknown:
        return _problem(422, "unknown questions", errors={name: "unknown question" for name in unknown})
    result = check_whole(definition, answers, lang, current_app.config["TEXT_MAX_LENGTH"])
    if result.errors:
        return _problem(422, "some answers break the survey's rules", errors=result.errors)
    for attempt in (1, 2):
        try:
            response, created = submit_whole(db, response_id, channel, version, lang, result.values)
            db.commit()
            break
        except AlreadySubmitted:
            db.rollback()
            return _problem(409, "other answers were already stored under this id")
        except LookupError:
            db.rollback()
            return _problem(409, "this id belongs to another channel")
        except IntegrityError:
            db.rollback()  # the same response sent twice at once: the other request stored it
            if attempt == 2:
                raise
    return {"status": "stored" if created else "stored before", "id": response.id}, 201 if created else 200


@bp.get("/k/sw.js")
def service_worker() -> Any:
    """Served from /k/ so that its scope covers every kiosk page; never cached itself."""
    response = send_from_directory(current_app.static_folder or "", "kiosk-sw.js",
                                   mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


