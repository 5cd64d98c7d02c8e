"""A survey page's HTML from parts rendered once per process, with each person's values put in.

Most of a page is the same for everyone who opens that page of that survey version, in that language,
through that link: the header, the progress line, the buttons, the language picker, and each question
as it looks unanswered. Those parts are rendered by the same templates as before, once, and kept; a
request fills in what is its own (the CSRF token, the response id, the questions it has answers or
errors for). Pages with errors or a notice are rare and are rendered whole, as before.

Every cache key holds all that a cached part depends on (the survey version is immutable; the link's
token, the language and the page position are in the key), so no stale part can be served.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from typing import Any

from flask import current_app, render_template, request
from markupsafe import Markup, escape

from ..survey.answers import field_name
from ..survey.definition import Choice
from ..survey.follow_ups import controlling, follow_ups
from ..survey.piping import has_pipes, question_pipes
from .context import Link

# Stand-ins for a request's own values while a page's frame is rendered, made of private-use
# characters; should a survey text ever contain one, the frame is not cached (see _frame).
_CSRF = "\ue000csrf\ue000"
_RID = "\ue000rid\ue000"
_QUESTIONS = "\ue000questions\ue000"
_SLOTS = {_CSRF: 0, _RID: 1, _QUESTIONS: 2}
_SLOT_PATTERN = re.compile("|".join(map(re.escape, _SLOTS)))

# Bounded like the other per-process caches: cleared when full, refilled on demand.
_MAX_ENTRIES = 4096
_blank_questions: dict[tuple[Any, ...], Markup] = {}
_frames: dict[tuple[Any, ...], tuple[str | int, ...] | None] = {}


def _caching() -> bool:
    """Off while templates reload on change (debug), so that an edited template shows at once."""
    return not current_app.jinja_env.auto_reload


def _question_macro() -> Callable[..., Markup]:
    module = current_app.jinja_env.get_template("macros/questions.html").module
    return module.question  # type: ignore[attr-defined, no-any-return]


def questions_html(
    link: Link,
    index: int,
    values: Mapping[str, Any],
    errors: Mapping[str, str],
    skipped: Collection[str] = (),
    choices: Mapping[str, tuple[Choice, ...]] | None = None,
    read_only: Collection[str] = (),
) -> Markup:
    """The questions of a page, each by the `question` macro: one unanswered and without an error is the
    same for everyone (rendered once), the others are rendered with their values and errors. A select
    in `choices` offers those (filtered, in this response's order): rendered for this request."""
    choices = choices or {}
    page = link.definition.pages[index]
    lang = link.lang
    cache = _caching()
    question = None
    parts = ["\n"]
    follow, controls = follow_ups(page), controlling(page)
    for q in page.questions:
        if q.name in skipped:
            continue
        value = values.get(q.name, "")
        error = errors.get(q.name)
        shape = {"controls": controls.get(q.name), "follow_up": q.name in follow}
        if q.name in choices:
            q = replace(q, choices=choices[q.name])
        if q.name in read_only:  # shown as text with its value (survey/form_set.py)
            question = question or _question_macro()
            parts += ("\n", question(q, value, error, lang, field_name, locked=True), "\n")
            continue
        if cache and q.name not in choices and error is None and value in ("", []) and not question_pipes(q):
            key = (link.version_key, lang, index, q.name)
            html = _blank_questions.get(key)
            if html is None:
                question = question or _question_macro()
                html = question(q, value, error, lang, field_name, **shape)
                if len(_blank_questions) >= _MAX_ENTRIES:
                    _blank_questions.clear()
                _blank_questions[key] = html
        else:
            question = question or _question_macro()
            html = question(q, value, error, lang, field_name, **shape)
        parts += ("\n", html, "\n")
    return Markup("".join(parts))  # noqa: S704 - joined from autoescaped macro output


def page_html(
    link: Link,
    index: int,
    *,
    position: int,
    total: int,
    values: Mapping[str, Any],
    errors: Mapping[str, str],
    response_id: str,
    csrf_token: str,
    notice: str | None = None,
    skipped: Collection[str] = (),
    choices: Mapping[str, tuple[Choice, ...]] | None = None,
    read_only: Collection[str] = (),
) -> str:
    """The whole page (public/page.html) for this request, without the questions `skipped`."""
    questions = questions_html(link, index, values, errors, skipped, choices, read_only)
    # Kiosk pages carry the kiosk's own controls (with their own CSRF token) and are few: rendered whole.
    page = link.definition.pages[index]
    frame = (
        None
        if errors
        or notice
        or link.flow == "kiosk"
        or not _caching()
        or has_pipes(page.label)
        or has_pipes(link.definition.title)
        else _frame(link, index, position, total)
    )
    if frame is None:
        return _render(
            link, index, position, total, values, errors, response_id, csrf_token, notice, questions
        )
    slots = (str(escape(csrf_token)), str(escape(response_id)), str(questions))
    return "".join([part if isinstance(part, str) else slots[part] for part in frame])


def _frame(link: Link, index: int, position: int, total: int) -> tuple[str | int, ...] | None:
    """The page without this request's values, split at the slots they go in (None: not cacheable)."""
    key = (link.version_key, link.lang, index, position, total, link.flow, link.token, request.script_root)
    if key in _frames:
        return _frames[key]
    html = _render(link, index, position, total, {}, {}, _RID, _CSRF, None, Markup(_QUESTIONS))  # noqa: S704
    parts: list[str | int] = []
    start = 0
    for match in _SLOT_PATTERN.finditer(html):
        parts += (html[start : match.start()], _SLOTS[match.group()])
        start = match.end()
    parts.append(html[start:])
    slots = sorted(p for p in parts if isinstance(p, int))
    frame = tuple(parts) if slots == [0, 1, 2] else None  # each value exactly once, or render whole
    if len(_frames) >= _MAX_ENTRIES:
        _frames.clear()
    _frames[key] = frame
    return frame


def _render(
    link: Link,
    index: int,
    position: int,
    total: int,
    values: Mapping[str, Any],
    errors: Mapping[str, str],
    response_id: str,
    csrf_token: str,
    notice: str | None,
    questions: Markup,
) -> str:
    return render_template(
        "public/page.html",
        questions_html=questions,
        link=link,
        definition=link.definition,
        page=link.definition.pages[index],
        index=index,
        position=position,
        total=total,
        values=values,
        errors=errors,
        page_csrf=csrf_token,
        field_name=field_name,
        response_id=response_id,
        notice=notice,
    )
