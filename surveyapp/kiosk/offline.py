"""The kiosk that keeps working when the network drops (progressive enhancement, no framework).

With JavaScript, a kiosk shows the whole survey as one page (`/k/<token>/offline?lang=`), which its
service worker keeps, so it opens without a network. A finished response is put in the browser's
IndexedDB under its id and sent to `/k/<token>/responses` (kiosk/receive.py) until the server
acknowledges it.
Without JavaScript the tablet uses the server's page-by-page flow, which needs the network.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, g, render_template, send_from_directory, url_for
from flask_babel import gettext as _

from ..db import get_session
from ..expressions import compile_expression
from ..expressions.context import Context
from ..expressions.export import context_json
from ..public.context import load_link
from ..public.uploads import empty_file, too_large_file
from ..services.attachments import instances_read, offline_refusal
from ..services.groups import upcoming as upcoming_groups
from ..services.media import refusal
from ..survey.answer_parts import handles, parts_messages
from ..survey.answers import FIELD_PREFIX, field_name, range_message
from ..survey.calendars import kiosk_calendars
from ..survey.choice_filter import not_kept_message
from ..survey.definition import FormDefinition, Question
from ..survey.digits import pattern_checked
from ..survey.form_set import always_read_only, uses_form_set
from . import bp
from .offline_choices import choices_data, filtered_lists, lists_read, needs_script
from .offline_repeats import offline_definition, repeats_data


def _tree(source: str | None) -> Any:
    from ..expressions.export import tree_json

    return tree_json(source) if source else None


def survey_data(definition: FormDefinition) -> list[dict[str, Any]]:
    """What the browser needs to page, skip and check as the server does (expression trees, not text);
    each input's name is the page's `prefix` and the question's name."""
    return [
        {
            "relevant": _tree(page.relevant),
            **(
                {"repeat": page.repeat, "instance": page.instance, "scope": page.scope} if page.repeat else {}
            ),
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
    a tree), trigger, a default (the value for read-only text, and for a calculate without a
    calculation, pyxform's hidden, which keeps it; the expression of a dynamic one)."""
    kept = q.read_only or (q.type == "calculate" and not q.calculation)
    return {
        "readOnly": _tree(q.read_only) if isinstance(q.read_only, str) else q.read_only,
        "trigger": list(q.trigger) or None,
        "default": q.default if q.default and kept else None,
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
        **({"files": files_messages(definition)} if any(q.is_media for q in definition.answerable) else {}),
        # Only for a survey that has answers in parts: the page a tablet keeps has its budget.
        **(
            {"parts": parts_messages(sorted({q.calendar for q in definition.answerable if q.calendar}))}
            if any(handles(q) for q in definition.answerable)
            else {}
        ),
    }


def files_messages(definition: FormDefinition) -> dict[str, Any]:
    """What the tablet says of a chosen file (static/offline-files.js): the server's own messages
    for a file too large, empty or of a kind the question does not take."""
    return {
        "tooLarge": too_large_file(),
        "empty": empty_file(),
        "kind": {q.name: refusal(q.file_accept) for q in definition.answerable if q.is_media},
        "chosen": _("File chosen: %(name)s", name="{name}"),
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
        "uploadMax": current_app.config["UPLOAD_MAX_BYTES"],
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
        instances={
            **instances_read(definition, sources),
            **lists_read(definition, sources, lang),
            **filtered_lists(definition, lang),
        },
    )
    data.pop("today", None)
    data.pop("now", None)
    return data


def _script_json(data: dict[str, Any]) -> str:
    """JSON safe inside <script>: no "</script>" or "<!--" can end it early (texts come from authors)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@bp.get("/k/sw.js")
def service_worker() -> Any:
    """Served from /k/ so that its scope covers every kiosk page; never cached itself."""
    response = send_from_directory(
        current_app.static_folder or "", "kiosk-sw.js", mimetype="text/javascript", max_age=0
    )
    response.headers["Cache-Control"] = "no-cache"
    return response
