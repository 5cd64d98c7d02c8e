"""Taking a survey: one page per group, review, submit, thanks. Post/redirect/get throughout."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import generate_csrf

from ..db import get_session
from ..expressions.context import DEFAULT
from ..forms.simple import SubmitForm
from ..i18n import remember_language
from ..public.csrf import csrf_token_valid
from ..services import responses as service
from ..services.groups import upcoming as upcoming_groups
from ..services.repeat_instances import add_instance, remove_instance
from ..services.resume_codes import issue_resume_code
from ..survey.answers import posted_values
from ..survey.choice_filter import page_choices, stale_answers
from ..survey.context import current_context, is_relevant, typed_answers
from ..survey.definition import Page
from ..survey.form_set import read_only_names, starting_answers
from ..survey.piping import shown_answers
from ..survey.rules import counted_pages, position_of, relevance_references, skipped_questions, walked_pages
from .context import (
    Link,
    flow_url,
    forget_person,
    load_link,
    remember_draft,
    remember_review,
    reviewed_pages,
    session_draft,
    session_response,
    start_draft,
)
from .fragments import page_html
from .outcome_pages import INVALID, page_answer
from .uploads import posted_files


def _form_values(link: Link, page_index: int, stored: dict[str, str]) -> dict[str, Any]:
    """Stored answers of a page in the shape the inputs show them (lists for select_multiple)."""
    return service.page_values(link.definition.pages[page_index], stored)


# Which pages apply, and which "Page n of m" counts, depend on the answers only through the questions
# that the pages' skip logic reads: worked out once per combination of those answers, per version and
# per day (an expression may call today()). Bounded like the other per-process caches.
_flows: dict[tuple[Any, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
_references: dict[tuple[int, str], tuple[str, ...]] = {}


def _flow(link: Link, stored: dict[str, str]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(visible pages, counted pages) for these answers."""
    if link.definition.repeats:  # outside its repeat a name reads every instance: not cached
        return (tuple(walked_pages(link.definition, stored)), tuple(counted_pages(link.definition, stored)))
    names = _references.get(link.version_key)
    if names is None:
        names = _references[link.version_key] = relevance_references(link.definition)
    key = (link.version_key, (current_context() or DEFAULT).day(), tuple(stored.get(name) for name in names))
    flow = _flows.get(key)
    if flow is None:
        if len(_flows) > 4096:
            _flows.clear()
        flow = _flows[key] = (
            tuple(walked_pages(link.definition, stored)),
            tuple(counted_pages(link.definition, stored)),
        )
    return flow


def _visible(link: Link, stored: dict[str, str]) -> tuple[int, ...]:
    return _flow(link, stored)[0]


def _render_page(
    link: Link,
    index: int,
    stored: dict[str, str],
    *,
    values: dict[str, Any],
    errors: dict[str, str],
    response_id: str,
    status: int = 200,
    notice: str | None = None,
    starting: dict[str, str] | None = None,
) -> tuple[str, int]:
    position, total = position_of(_flow(link, stored)[1], index)
    # A new person's first page shows the defaults in its texts too, as ODK pipes them from the start.
    g.shown_answers = shown_answers(link.definition, stored or starting or {}, link.lang)
    page = link.definition.pages[index]
    skipped = skipped_questions(link.definition, page, stored)
    answers = typed_answers(link.definition, {k: v for k, v in stored.items() if v})
    choices = page_choices(link.definition, page, answers, values, response_id, link.lang, current_context())
    if choices and not errors:
        errors = stale_answers(
            page, {k: v for k, v in stored.items() if k not in skipped}, answers, link.lang, current_context()
        )
    # Read-only questions show the value the form keeps, whatever was posted (a new person's: the
    # defaults the response starts with).
    known = stored or starting or {}
    read_only = read_only_names(link.definition, page.questions, known)
    if read_only:
        values = {**values, **{n: v for n, v in service.page_values(page, known).items() if n in read_only}}
    html = page_html(
        link,
        index,
        position=position,
        total=total,
        values=values,
        errors=errors,
        response_id=response_id,
        csrf_token=generate_csrf(),
        notice=notice,
        skipped=skipped,
        choices=choices,
        read_only=read_only,
    )
    return html, status


def take_page(token: str, index: int = 0) -> Any:
    link = load_link(token)
    response = session_response(link)
    draft = session_draft(link)
    if response is not None and response.status == "complete":
        if index == 0:
            response = draft = None  # the link again after finishing: a new person may answer
        else:
            return redirect(flow_url("thanks", token=link.token))
    if response is None and index != 0:
        return redirect(flow_url("take_page", token=link.token))
    stored = response.answer_map() if response else {}
    link = link.answered(stored)
    if index >= len(link.definition.pages) or index not in _visible(link, stored):
        return redirect(_next_url(link, stored, index))
    if draft is None or (response is None and draft.stored):
        draft = start_draft(link)
    # A new person's first page shows the form's defaults, dynamic ones evaluated now (each is
    # stored with the first save, which evaluates them again: a response starts at its first save).
    shown = stored if response is not None else starting_answers(link.definition)
    return _render_page(
        link,
        index,
        stored,
        values=_form_values(link, index, shown),
        errors={},
        response_id=draft.id,
        starting=shown,
    )


def _new_response(link: Link) -> service.NewResponse:
    return service.NewResponse(
        survey_id=link.channel.survey_id,
        version_id=link.version.id,
        channel_id=link.channel.id,
        entered_by_id=link.entered_by_id,
    )


def save_page(token: str, index: int) -> Any:
    link = load_link(token)
    if link.definition.repeats:  # which pages there are depends on the answers stored
        response = session_response(link)
        link = link.answered(response.answer_map() if response else {})
    if index >= len(link.definition.pages):
        return redirect(flow_url("take_page", token=link.token))
    page = link.definition.pages[index]
    raw = posted_values(page, request.form)
    posted = request.form.get("rid", "")
    draft = session_draft(link)
    if not csrf_token_valid(request.form.get("csrf_token")):
        # Only the CSRF token can fail here (an expired session): show the page again, answers kept.
        shown = draft.id if draft is not None and draft.id == posted else service.new_response_id()
        return _render_page(
            link, index, {}, values=raw, errors={}, response_id=shown, status=400, notice="expired"
        )
    raw.update(posted_files(page))
    if draft is None or draft.id != posted:
        # A page of another response than this browser's (a bare or stale id): it opens nothing;
        # these answers start a response of their own.
        draft = start_draft(link)
    action = request.form.get("action", "next")
    switch_to = request.form.get("switch_lang")
    if switch_to:
        remember_language(switch_to)
    db = get_session()
    max_length = current_app.config["TEXT_MAX_LENGTH"]
    outcome = service.save_page(
        db, draft, _new_response(link), link.definition, index, raw, language=link.lang, max_length=max_length
    )
    remember_draft(link, draft)  # a new draft if this browser held none under the posted id
    stored = outcome.answers

    def onward() -> Any:
        if action in ("add", "remove") and page.repeat:
            return _change_instances(link, draft, page, action, stored)
        answered = link.answered(stored)
        if switch_to:
            return redirect(flow_url("take_page", token=link.token, index=index))
        if action == "back":
            return redirect(_previous_url(answered, stored, index))
        if action == "save" and link.flow == "public":
            issue_resume_code(db, draft, current_app.config["RESUME_DAYS"])
            return redirect(url_for("public.saved", token=token))
        if outcome.errors:
            # A file question shows the file now stored (a page cannot hold the one chosen).
            files = {q.name: q.shown(stored.get(q.name)) for q in page.questions if q.is_media}
            return _render_page(
                answered,
                index,
                stored,
                values={**raw, **files},
                errors=outcome.errors,
                response_id=draft.id,
                status=INVALID,
            )
        seen = reviewed_pages(link)
        if seen is not None:
            return redirect(_after_change(answered, stored, index, seen))
        return redirect(_next_url(answered, stored, index + 1))

    # An invalid page keeps its valid answers: Back, Save, Add, Remove and a language switch leave
    # it as they would a valid one (its messages are shown when the person comes to it again).
    return page_answer(link, outcome, onward=onward, invalid=onward)


save_page.names_own_files = True  # type: ignore[attr-defined]  # file answers are named by the app


def _change_instances(
    link: Link, draft: service.Draft, page: Page, action: str, stored: dict[str, str]
) -> Any:
    """ "Add another" (on a repeat's prompt page) or "Remove" (on an instance's page), then the
    first page of the instance now in that place (or the prompt after the last one)."""
    assert page.repeat is not None
    repeat = link.definition.repeats[page.repeat]
    if repeat.count is not None:  # a fixed number of instances: nothing to add or remove
        return redirect(_next_url(link.answered(stored), stored, 0))
    db = get_session()
    where = page.scope + repeat.name  # within the instances of the repeats around it
    number = link.definition.instance_counts.get(where, 0)
    if action == "add":
        outcome = add_instance(db, draft, link.definition, where)
        place = number + 1
    elif page.instance is not None:
        outcome = remove_instance(db, draft, link.definition, where, page.instance)
        place = page.instance
    else:
        return redirect(_next_url(link, stored, 0))

    def onward() -> Any:
        answers = outcome.answers
        answered = link.answered(answers)
        pages = answered.definition.pages

        def here(p: Page) -> bool:
            return p.repeat == repeat.name and p.scope == page.scope

        target = next(
            (i for i, p in enumerate(pages) if here(p) and p.instance == place),
            next((i for i, p in enumerate(pages) if here(p) and p.instance is None), 0),
        )
        return redirect(_next_url(answered, answers, target))

    return page_answer(link, outcome, onward=onward, invalid=onward)


def _after_change(link: Link, stored: dict[str, str], index: int, seen: frozenset[int]) -> str:
    """Next after a "Change" from the review: back to the review, unless a later page now applies that
    was not on it, or one now breaks a rule (a required answer the change made necessary)."""
    later = [i for i in _visible(link, stored) if i > index and i not in seen]
    broken = service.first_broken_page(
        link.definition, stored, link.lang, current_app.config["TEXT_MAX_LENGTH"]
    )
    if broken is not None and broken[0] > index:
        later.append(broken[0])
    if later:
        return flow_url("take_page", token=link.token, index=min(later))
    return flow_url("review", token=link.token)


def _next_url(link: Link, stored: dict[str, str], start: int) -> str:
    for i in _visible(link, stored):
        if i >= start:
            return flow_url("take_page", token=link.token, index=i)
    return flow_url("review", token=link.token)


def _previous_url(link: Link, stored: dict[str, str], index: int) -> str:
    earlier = [i for i in _visible(link, stored) if i < index]
    return flow_url("take_page", token=link.token, index=earlier[-1] if earlier else 0)


def review(token: str) -> Any:
    link = load_link(token)
    response = session_response(link)
    if response is None:
        return redirect(flow_url("take_page", token=link.token))
    if response.status == "complete":
        return redirect(flow_url("thanks", token=link.token))
    stored = response.answer_map()
    link = link.answered(stored)
    pages = [link.definition.pages[i] for i in _visible(link, stored)]
    answers = typed_answers(link.definition, stored)
    shown = {
        q.name for page in pages for q in page.questions if q.answerable and is_relevant(q.relevant, answers)
    }
    g.shown_answers = shown_answers(link.definition, stored, link.lang)
    remember_review(link, list(_visible(link, stored)))
    return render_template(
        "public/review.html",
        link=link,
        definition=link.definition,
        pages=pages,
        indexes=_visible(link, stored),
        shown=shown,
        stored=stored,
        response_id=response.id,
        form=SubmitForm(),
    )


def submit(token: str) -> Any:
    link = load_link(token)
    if not SubmitForm().validate():
        return redirect(flow_url("review", token=link.token))
    draft = session_draft(link)
    if draft is None or not draft.stored or draft.id != request.form.get("rid", ""):
        return redirect(flow_url("take_page", token=link.token))
    db = get_session()
    if link.definition.repeats:
        response = session_response(link)
        link = link.answered(response.answer_map() if response else {})
    outcome = service.submit(
        db,
        draft,
        link.channel.id,
        link.definition,
        language=link.lang,
        max_length=current_app.config["TEXT_MAX_LENGTH"],
    )

    def shown() -> Any:
        assert outcome.page is not None  # an invalid submit names the first broken page
        answered = link.answered(outcome.answers)
        return _render_page(
            answered,
            outcome.page,
            outcome.answers,
            values=_form_values(answered, outcome.page, outcome.answers),
            errors=outcome.errors,
            response_id=draft.id,
            status=INVALID,
        )

    return page_answer(
        link,
        outcome,
        onward=lambda: redirect(flow_url("thanks", token=link.token), code=303),
        invalid=shown,
        code=303,
    )


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
