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
import re
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, g, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..db import get_session
from ..expressions import compile_expression
from ..expressions.context import Context
from ..expressions.export import context_json
from ..guard import reads_own_json
from ..models import Channel, KioskSession, SurveyVersion, utcnow
from ..public.context import load_link
from ..services import outbox
from ..services.attachments import instances_read, offline_refusal
from ..services.groups import upcoming as upcoming_groups
from ..services.responses import NewResponse, is_response_id, store_whole
from ..services.surveys import definition_of
from ..survey.answer_parts import handles, parts_messages
from ..survey.answers import FIELD_PREFIX, field_name, range_message
from ..survey.calendars import kiosk_calendars
from ..survey.choice_filter import not_kept_message
from ..survey.context import rules_context
from ..survey.definition import FormDefinition, Question
from ..survey.digits import pattern_checked
from ..survey.form_set import always_read_only, uses_form_set
from . import bp
from .offline_choices import choices_data, filtered_lists, needs_script
from .offline_repeats import offline_definition, repeats_data

MAX_BODY = 256 * 1024


def _tree(source: str | None) -> Any:
    from ..expressions.export import tree_json

    return tree_json(source) if source else None


def survey_data(definition: FormDefinition) -> list[dict[str, Any]]:
    """What the browser needs to page, skip and check as the server does (expression trees, not text);
    each input's name is the page's `prefix` and the question's name."""
    return [
        {
            "relevant": _tree(page.relevant),
            **({"repeat": page.repeat, "instance": page.instance} if page.repeat else {}),
            # The answers the page waits for: until they are given, "Page 1 of N" counts it, as the
            # server's pages do (survey/rules.counted_pages).
            "waitsFor": sorted(compile_expression(page.relevant).references) if page.relevant else None,
            "questions": [
                _compact(
                    {
                        "name": q.name,
                        "type": q.type,
                        "required": q.required,
                        "requiredWhen": _tree(q.required_when),
                        "relevant": _tree(q.relevant),
                        "constraint": _tree(q.constraint),
                        "calculation": _tree(q.calculation),
                        "range": q.range,
                        "choices": [c.name for c in q.choices],
                        **choices_data(q),
                        **form_set_data(q),
                        "parts": q.posts_list,
                        "pattern": pattern_checked(q),
                        "dateParts": q.date_parts,
                        "calendar": q.calendar,
                    }
                )
                for q in page.questions
            ],
        }
        for page in definition.pages
    ]


def form_set_data(q: Question) -> dict[str, Any]:
    """What the script needs to set values as the server does (survey/form_set.py): read_only (true or
    a tree), trigger, a default (the value for read-only text, the expression of a dynamic one)."""
    return {
        "readOnly": _tree(q.read_only) if isinstance(q.read_only, str) else q.read_only,
        "trigger": list(q.trigger) or None,
        "default": q.default if q.default and q.read_only else None,
        "defaultExpr": _tree(q.default_expression),
    }


def _compact(question: dict[str, Any]) -> dict[str, Any]:
    """Keys without a value left out (the script reads a missing key as none): the page a tablet
    keeps stays within its budget."""
    return {
        key: value
        for key, value in question.items()
        if value is not None and value is not False and not (key == "choices" and not value)
    }


def messages(definition: FormDefinition, lang: str) -> dict[str, Any]:
    """The checks' messages in the page's language, the same strings as the server's."""
    return {
        "required": _("This question needs an answer."),
        "ack": _("Please check the box to continue."),
        "integer": _("Please enter a whole number, for example 3."),
        "decimal": _("Please enter a number, for example 2.5."),
        "date": _("Please enter a date like 2024-05-31."),
        "time": _("Please enter a time like 14:30."),
        "dateTime": _("Please enter a date and a time like 2024-05-31 14:30."),
        "choice": _("Please choose from the options in the list."),
        "tooLong": _("Your answer is too long. Please shorten it. Your text is still here."),
        "notAllowed": _("This answer is not allowed. Please check it."),
        "constraint": {
            q.name: q.constraint_message.get(lang)
            for q in definition.answerable
            if q.constraint and q.constraint_message.get(lang)
        },
        "requiredMsg": {
            q.name: q.required_message.get(lang)
            for q in definition.answerable
            if q.required_message.get(lang)
        },
        "range": {q.name: range_message(q.range) for q in definition.answerable if q.range},
        # offline-choices.js: only for a survey with a choice_filter (the page has a weight budget)
        **({"notKept": not_kept_message()} if any(q.choice_filter for q in definition.answerable) else {}),
        # Only for a survey that has answers in parts: the page a tablet keeps has its budget.
        **(
            {"parts": parts_messages(sorted({q.calendar for q in definition.answerable if q.calendar}))}
            if any(handles(q) for q in definition.answerable)
            else {}
        ),
    }


@bp.get("/k/<token>/offline")
def whole_survey(token: str) -> Any:
    link = load_link(token)
    lang = link.lang
    refused = offline_refusal(link.definition)
    if refused:
        return render_template("error.html", code=409, message=refused), 409
    definition = offline_definition(link.definition)
    data = {
        "token": token,
        "kiosk": g.kiosk.id,
        "version": link.version.id,
        "lang": lang,
        "send": url_for("kiosk.receive", token=token),
        "start": url_for("kiosk.start", token=token),
        **rules_page_data(link.definition, lang),
    }
    return render_template(
        "kiosk/offline.html",
        link=link,
        definition=definition,
        field_name=field_name,
        data=_script_json(data),
        choices_script=needs_script(link.definition),
        always_read_only=always_read_only,
        form_set=uses_form_set(link.definition),
        groups=upcoming_groups(get_session(), link.channel.partner_id),
    )


def rules_page_data(source: FormDefinition, lang: str) -> dict[str, Any]:
    """What the page's rules (static/survey-rules.js) run on: the pages as expression trees, the
    messages, the rule context, repeats and calendars; the same JSON feeds tests/survey/test_battery.py."""
    definition = offline_definition(source)
    return {
        "maxLength": current_app.config["TEXT_MAX_LENGTH"],
        "prefix": FIELD_PREFIX,
        "pages": survey_data(definition),
        "messages": messages(definition, lang),
        "timezone": current_app.config["TIMEZONE"],
        "context": rules_data(source, lang),
        **({"repeats": repeats_data(definition)} if definition.repeats else {}),
        **kiosk_calendars({q.calendar for q in definition.answerable if q.calendar}),
    }


def rules_data(definition: FormDefinition, lang: str) -> dict[str, Any]:
    """The server's rule context for the tablet's script (SurveyExpressions.context): the language,
    month and day names, the choice labels if an expression reads them (jr:choice-name) and the
    attached data its pulldata() and instance() calls read (no other file). Not the
    moment: the page stays on the tablet for days, so its script takes today in TIMEZONE itself."""
    sources = [e for p in definition.pages for e in (p.relevant,) if e] + [
        e
        for q in definition.questions.values()
        for e in (
            q.relevant,
            q.constraint,
            q.required_when,
            q.calculation,
            q.default_expression,
            q.read_only if isinstance(q.read_only, str) else None,
        )
        if e
    ]
    labels = definition.choice_labels if any("choice-name" in e for e in sources) else None
    data = context_json(
        Context(lang=lang),
        labels=labels,
        instances={**instances_read(definition, sources), **filtered_lists(definition, lang)},
    )
    data.pop("today", None)
    data.pop("now", None)
    return data


def _script_json(data: dict[str, Any]) -> str:
    """JSON safe inside <script>: no "</script>" or "<!--" can end it early (texts come from authors)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _problem(status: int, reason: str, **extra: Any) -> tuple[dict[str, Any], int]:
    return {"status": "refused", "reason": reason, **extra}, status


# Every 4xx below tells the tablet's outbox to keep the response for staff and stop resending it.
OUTCOME_STATUS = {"stored": 201, "acknowledged": 200, "conflict": 409, "invalid": 422, "closed": 410}
MAX_VERSION = 2**31 - 1


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
    if not request.is_json:
        return _problem(415, "send the response as application/json")
    if (request.content_length or 0) > MAX_BODY:
        return _problem(413, "the response is too large")
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

    def refuse(status: int, reason: str, errors: dict[str, Any] | None = None) -> Any:
        response_id = body.get("id")
        outbox.refuse(
            db,
            channel.id,
            kiosk_id=kiosk.id,
            reason=reason,
            errors=errors,
            response_id=response_id if is_response_id(response_id) and _text(response_id) else None,
            body=raw.decode("utf-8"),
        )
        db.commit()
        return _problem(status, reason, **({"errors": errors} if errors else {}))

    problem = _shape_problem(body)
    if problem:
        return refuse(400, problem)
    closing = outbox.refusal_reason(
        channel, utcnow(), timedelta(hours=current_app.config["OUTBOX_GRACE_HOURS"]), _answered_at(body)
    )
    if closing:
        return refuse(OUTCOME_STATUS["closed"], closing)
    version = db.get(SurveyVersion, body["version"]) if body.get("version") else None
    if version is None or version.survey_id != channel.survey_id:
        version = channel.survey.current_version
    definition = definition_of(version)
    lang = body.get("lang")
    if lang not in definition.languages:
        lang = definition.source_language
    new = NewResponse(survey_id=channel.survey_id, version_id=version.id, channel_id=channel.id)
    # The rules run in the response's language (jr:choice-name), with today in TIMEZONE.
    g.rules_context = rules_context(definition, str(lang), current_app.config["TIMEZONE"])
    outcome = store_whole(
        db,
        body["id"],
        new,
        definition,
        body["answers"],
        language=str(lang),
        max_length=current_app.config["TEXT_MAX_LENGTH"],
    )
    status = OUTCOME_STATUS[outcome.kind]
    if status >= 400:
        return refuse(status, outcome.reason, outcome.errors or None)
    return {
        "status": "stored" if outcome.kind == "stored" else "stored before",
        "id": outcome.response_id,
    }, status


@bp.get("/k/sw.js")
def service_worker() -> Any:
    """Served from /k/ so that its scope covers every kiosk page; never cached itself."""
    response = send_from_directory(
        current_app.static_folder or "", "kiosk-sw.js", mimetype="text/javascript", max_age=0
    )
    response.headers["Cache-Control"] = "no-cache"
    return response
