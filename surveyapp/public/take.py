"""Taking a survey: one page per group, review, submit, thanks. Post/redirect/get throughout."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import IntegrityError

from ..db import get_session
from ..forms.page_form import (
    check_page,
    counted_pages,
    is_relevant,
    page_form_class,
    position_of,
    relevance_references,
    typed_answers,
    visible_pages,
)
from ..forms.simple import SubmitForm
from ..i18n import remember_language
from ..models import Response
from ..services import drafts
from ..services import responses as service
from ..services.groups import upcoming as upcoming_groups
from .context import Link, flow_url, forget_person, load_link, remember_response, session_response
from .fragments import page_html


def _form_values(link: Link, page_index: int, stored: dict[str, str]) -> dict[str, Any]:
    """Stored answers of a page in the shape the inputs show them (lists for select_multiple)."""
    page = link.definition.pages[page_index]
    return {
        q.name: (stored.get(q.name, "").split() if q.type == "select_multiple"
                 else stored.get(q.name, ""))
        for q in page.questions
        if q.answerable
    }


# Which pages apply, and which "Page n of m" counts, depend on the answers only through the questions
# that the pages' skip logic reads: worked out once per combination of those answers, per version and
# per day (an expression may call today()). Bounded like the other per-process caches.
_flows: dict[tuple[Any, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
_references: dict[tuple[int, str], tuple[str, ...]] = {}


def _flow(link: Link, stored: dict[str, str]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(visible pages, counted pages) for these answers."""
    names = _references.get(link.version_key)
    if names is None:
        names = _references[link.version_key] = relevance_references(link.definition)
    key = (link.version_key, date.today(), tuple(stored.get(name) for name in names))
    flow = _flows.get(key)
    if flow is None:
        if len(_flows) > 4096:
            _flows.clear()
        flow = _flows[key] = (tuple(visible_pages(link.definition, stored)),
                              tuple(counted_pages(link.definition, stored)))
    return flow


def _visible(link: Link, stored: dict[str, str]) -> tuple[int, ...]:
    return _flow(link, stored)[0]


def _render_page(link: Link, index: int, stored: dict[str, str], *, values: dict[str, Any],
                 errors: dict[str, str], response_id: str, status: int = 200,
                 notice: str | None = None) -> tuple[str, int]:
    position, total = position_of(_flow(link, stored)[1], index)
    html = page_html(link, index, position=position, total=total, values=values, errors=errors,
                     response_id=response_id, csrf_token=generate_csrf(), notice=notice)
    return html, status


def take_page(token: str, index: int = 0) -> Any:
    link = load_link(token)
    response = session_response(link)
    if response is not None and response.status == "complete":
        if index == 0:
            response = None  # the link again after finishing: a new person may answer
        else:
            return redirect(flow_url("thanks", token=link.token))
    if response is None and index != 0:
        return redirect(flow_url("take_page", token=link.token))
    stored = response.answer_map() if response else {}
    if index >= len(link.definition.pages) or index not in _visible(link, stored):
        return redirect(_next_url(link, stored, index))
    response_id = response.id if response else service.new_response_id()
    return _render_page(link, index, stored, values=_form_values(link, index, stored),
                        errors={}, response_id=response_id)


def save_page(token: str, index: int) -> Any:
    link = load_link(token)
    if index >= len(link.definition.pages):
        return redirect(flow_url("take_page", token=link.token))
    page = link.definition.pages[index]
    form = page_form_class(link.version_key, index, page)()
    raw = form.raw_values(page)
    response_id = request.form.get("rid", "")
    if not service.is_response_id(response_id):
        response_id = service.new_response_id()
    if not form.validate():
        # Only the CSRF token can fail here (an expired session): show the page again, answers kept.
        return _render_page(link, index, {}, values=raw, errors={}, response_id=response_id,
                            status=400, notice="expired")
    action = request.form.get("action", "next")
    switch_to = request.form.get("switch_lang")
    if switch_to:
        remember_language(switch_to)
    db = get_session()
    for attempt in (1, 2):
        try:
            draft = drafts.read(db, response_id, link.channel.id) or drafts.new(
                response_id, survey_id=link.channel.survey_id, version_id=link.version.id,
                channel_id=link.channel.id, entered_by_id=link.entered_by_id)
            result = check_page(link.definition, page, raw, draft.answers, link.lang,
                                current_app.config["TEXT_MAX_LENGTH"])
            if draft.status == "complete":
                db.rollback()
                if service.answers_differ(draft.answers, result.values) or result.errors:
                    return render_template("public/conflict.html", link=link), 409
                remember_response(link, draft.id)
                return redirect(flow_url("thanks", token=link.token))
            drafts.write(db, draft, result.values, link.lang, page=index)
            db.commit()
            break
        except LookupError:
            # An id of another link (a tampered form): start afresh rather than touch it.
            db.rollback()
            response_id = service.new_response_id()
        except IntegrityError:
            # A parallel post (double tap) stored the same response first: apply ours on top.
            db.rollback()
            if attempt == 2:
                raise
    else:
        return render_template("public/conflict.html", link=link), 409
    remember_response(link, draft.id)
    stored = draft.answers
    if switch_to:
        return redirect(flow_url("take_page", token=link.token, index=index))
    if action == "back":
        return redirect(_previous_url(link, stored, index))
    if action == "save" and link.flow == "public":
        response = db.get(Response, draft.id, populate_existing=True)
        assert response is not None  # stored just now
        service.issue_resume_code(db, response, current_app.config["RESUME_DAYS"])
        db.commit()
        return redirect(url_for("public.saved", token=token))
    if result.errors:
        return _render_page(link, index, stored, values=raw, errors=result.errors,
                            response_id=draft.id, status=422)
    return redirect(_next_url(link, stored, index + 1))


def _next_url(link: Link, stored: dict[str, str], start: int) -> str:
    for i in _visible(link, stored):
        if i >= start:
            return flow_url("take_page", token=link.token, index=i)
    return flow_url("review", token=link.token)


def _previous_url(link: Link, stored: dict[str, str], index: int) -> str:
    earlier = [i for i in _visible(link, stored) if i < index]
    return flow_url("take_page", token=link.token, index=earlier[-1] if earlier else 0)


def first_incomplete_page(link: Link, stored: dict[str, str]) -> tuple[int, dict[str, str]] | None:
    """The first visible page whose stored answers break a rule (e.g. a required answer missing)."""
    for i in _visible(link, stored):
        page = link.definition.pages[i]
        result = check_page(link.definition, page, _form_values(link, i, stored), stored,
                            link.lang, current_app.config["TEXT_MAX_LENGTH"])
        if result.errors:
            return i, result.errors
    return None


def review(token: str) -> Any:
    link = load_link(token)
    response = session_response(link)
    if response is None:
        return redirect(flow_url("take_page", token=link.token))
    if response.status == "complete":
        return redirect(flow_url("thanks", token=link.token))
    stored = response.answer_map()
    pages = [link.definition.pages[i] for i in _visible(link, stored)]
    answers = typed_answers(link.definition, stored)
    shown = {q.name for page in pages for q in page.questions
             if q.answerable and is_relevant(q.relevant, answers)}
    return render_template("public/review.html", link=link, definition=link.definition,
                           pages=pages, indexes=_visible(link, stored), shown=shown,
                           stored=stored, response_id=response.id, form=SubmitForm())


def submit(token: str) -> Any:
    link = load_link(token)
    if not SubmitForm().validate():
        return redirect(flow_url("review", token=link.token))
    db = get_session()
    response_id = request.form.get("rid", "")
    try:
        response = (service.find(db, response_id, link.channel.id)
                    if service.is_response_id(response_id) else None)
    except LookupError:
        response = None
    if response is None:
        return redirect(flow_url("take_page", token=link.token))
    remember_response(link, response.id)
    if response.status == "complete":
        return redirect(flow_url("thanks", token=link.token))
    stored = response.answer_map()
    broken = first_incomplete_page(link, stored)
    if broken is not None:
        index, errors = broken
        return _render_page(link, index, stored, values=_form_values(link, index, stored),
                            errors=errors, response_id=response.id, status=422)
    visible_questions = {
        q.name for i in _visible(link, stored)
        for q in link.definition.pages[i].questions
    }
    not_applicable = {name: None for name in stored if name not in visible_questions}
    service.save_answers(db, response, not_applicable, link.lang)
    service.complete(db, response)
    db.commit()
    return redirect(flow_url("thanks", token=link.token), code=303)


def thanks(token: str) -> Any:
    link = load_link(token)
    response = session_response(link)
    if response is None or response.status != "complete":
        return redirect(flow_url("take_page", token=link.token))
    groups = []
    if link.flow == "public":
        # The sign-up page may offer to link these answers, and only if the person ticks the box.
        session["completed_response"] = response.id
    if link.flow != "assisted":
        groups = upcoming_groups(get_session(), link.channel.partner_id)
    html = render_template("public/thanks.html", link=link, definition=link.definition, groups=groups)
    if link.flow != "public":
        forget_person(link.token)
    return html


def add_survey_pages(blueprint: Blueprint, base: str, first_page: str | None = None) -> None:
    """The survey pages on a flow's blueprint under `base` (e.g. /s/<token>); page 0 is also at
    `first_page` (default: `base` itself)."""
    blueprint.add_url_rule(first_page or base, "take_page", take_page, methods=["GET"])
    blueprint.add_url_rule(f"{base}/p/<int:index>", "take_page", take_page, methods=["GET"])
    blueprint.add_url_rule(f"{base}/p/<int:index>", "save_page", save_page, methods=["POST"])
    blueprint.add_url_rule(f"{base}/review", "review", review, methods=["GET"])
    blueprint.add_url_rule(f"{base}/submit", "submit", submit, methods=["POST"])
    blueprint.add_url_rule(f"{base}/thanks", "thanks", thanks, methods=["GET"])
