"""Preview (`/admin/preview/<version id>`): an admin walks a version's pages as a respondent sees them.

The pages are the respondent's own templates, with the same rules (required, constraints, skip logic),
but nothing is stored: no response row, no answer. So that skip logic still follows the answers, the
answers that expressions read are kept in the signed session, and only those (they are short: choices,
numbers, dates). Any version can be previewed, also one waiting to be published, which no respondent
can reach. Endpoints are `admin.take_page` / `admin.save_page`, the names the page template links to.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from ..db import get_session
from ..expressions import compile_expression
from ..i18n import content_language, remember_language
from ..models import SurveyVersion
from ..public.csrf import csrf_token_valid
from ..public.fragments import page_html
from ..services.responses import page_values
from ..services.surveys import definition_of, version_key
from ..survey.answers import posted_values
from ..survey.choice_filter import filter_source, page_choices
from ..survey.context import current_context, rules_context, typed_answers
from ..survey.definition import FormDefinition
from ..survey.form_set import read_only_names
from ..survey.piping import PIPE, shown_answers
from ..survey.repeats import added, bookkeeping, expand, removed
from ..survey.rules import check_page, counted_pages, position_of, walked_pages
from . import bp

SESSION_KEY = "preview_answers"
FLOW = "admin"  # the blueprint: page links are built from it (public.context.flow_url)


@dataclass
class PreviewLink:
    """What the page templates need of a link, for a version instead of a channel."""

    version: SurveyVersion
    definition: FormDefinition

    flow = FLOW
    entered_by_id = None

    @property
    def token(self) -> str:
        return str(self.version.id)

    @property
    def version_key(self) -> tuple[Any, ...]:
        return (*version_key(self.version), *sorted(self.definition.instance_counts.items()))

    @cached_property
    def lang(self) -> str:
        return content_language()


def _load(token: str) -> PreviewLink:
    if not token.isdigit() or len(token) > 12:
        abort(404)
    version = get_session().get(SurveyVersion, int(token))
    if version is None:
        abort(404)
    definition = definition_of(version)
    g.survey_languages = definition.languages
    g.source_language = definition.source_language
    link = PreviewLink(version, definition)
    g.rules_context = rules_context(definition, link.lang, current_app.config["TIMEZONE"])
    return link


def _read_names(definition: FormDefinition) -> frozenset[str]:
    """The questions any expression reads or any label shows: their answers decide pages and checks,
    or appear in the texts."""
    sources = (
        [p.relevant for p in definition.pages]
        + [e for q in definition.questions.values() for e in (q.relevant, q.constraint, q.seed)]
        + [
            filter_source(q.list_name, q.choice_filter)
            for q in definition.questions.values()
            if q.choice_filter
        ]
    )
    texts = [t for q in definition.questions.values() for t in (q.label, q.hint)]
    shown = {m[1] for t in texts for value in t.values.values() for m in PIPE.finditer(value)}
    return frozenset(name for s in sources if s for name in compile_expression(s).references) | shown


def _answers(link: PreviewLink) -> dict[str, str]:
    held = session.get(SESSION_KEY, {})
    kept = held.get(link.token) if isinstance(held, dict) else None
    return {str(k): str(v) for k, v in kept.items()} if isinstance(kept, dict) else {}


def _keep(link: PreviewLink, answers: dict[str, str]) -> None:
    names = _read_names(link.definition)
    # One survey's preview at a time: the session cookie stays small.
    kept = names | bookkeeping(link.definition)
    session[SESSION_KEY] = {link.token: {k: v for k, v in answers.items() if k in kept}}


def _banner(html: str, link: PreviewLink) -> str:
    """The page as a respondent sees it, with a line above saying it is a preview."""
    note = escape(_("Preview: nothing you enter is stored."))
    back = url_for("admin.survey_version", version_id=link.version.id)
    return html.replace(
        '<main id="main">',
        f'<main id="main"><p class="notice" role="status">{note} '
        f'<a href="{escape(back)}">{escape(_("Back to the version"))}</a></p>',
        1,
    )


def _render(
    link: PreviewLink,
    index: int,
    answers: dict[str, str],
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> tuple[str, int]:
    position, total = position_of(counted_pages(link.definition, answers), index)
    g.shown_answers = shown_answers(link.definition, answers, link.lang)
    typed = typed_answers(link.definition, {k: v for k, v in answers.items() if v})
    choices = page_choices(
        link.definition, link.definition.pages[index], typed, values, "preview", link.lang, current_context()
    )
    read_only = read_only_names(link.definition, link.definition.pages[index].questions, answers)
    html = page_html(
        link,
        index,
        position=position,
        total=total,
        values=values,  # type: ignore[arg-type]
        errors=errors,
        response_id="preview",
        csrf_token=generate_csrf(),
        choices=choices,
        read_only=read_only,
    )
    return _banner(html, link), status


def _next(link: PreviewLink, answers: dict[str, str], start: int) -> Any:
    for i in walked_pages(link.definition, answers):
        if i >= start:
            return redirect(url_for("admin.take_page", token=link.token, index=i))
    return redirect(url_for("admin.preview_end", token=link.token))


@bp.get("/preview/<token>", endpoint="take_page")
@bp.get("/preview/<token>/p/<int:index>", endpoint="take_page")
def preview_page(token: str, index: int = 0) -> Any:
    link = _load(token)
    answers = _answers(link) if index else {}
    if index == 0:
        _keep(link, {})  # the first page starts the walk again
    link.definition = expand(link.definition, answers)
    if index >= len(link.definition.pages) or index not in walked_pages(link.definition, answers):
        return _next(link, answers, index)
    page = link.definition.pages[index]
    return _render(link, index, answers, page_values(page, answers), {})


@bp.post("/preview/<token>/p/<int:index>", endpoint="save_page")
def preview_save(token: str, index: int) -> Any:
    link = _load(token)
    answers = _answers(link)
    link.definition = expand(link.definition, answers)
    if index >= len(link.definition.pages):
        return _next(link, {}, 0)
    page = link.definition.pages[index]
    if not csrf_token_valid(request.form.get("csrf_token")):
        abort(400)
    raw = posted_values(page, request.form)
    switch_to = request.form.get("switch_lang")
    if switch_to:
        remember_language(switch_to)
        return redirect(url_for("admin.take_page", token=link.token, index=index))
    if request.form.get("action") == "back":
        earlier = [i for i in walked_pages(link.definition, answers) if i < index]
        return redirect(url_for("admin.take_page", token=link.token, index=earlier[-1] if earlier else 0))
    result = check_page(link.definition, page, raw, answers, link.lang, current_app.config["TEXT_MAX_LENGTH"])
    if result.errors:
        return _render(link, index, answers, raw, result.errors, status=422)
    action = request.form.get("action")
    values: dict[str, str | None] = dict(result.values)
    if page.repeat and action == "add":
        values.update(added(link.definition, page.scope + page.repeat))
    elif page.repeat and action == "remove" and page.instance:
        values.update(
            removed(
                link.definition,
                {**answers, **{k: v for k, v in values.items() if v}},
                page.scope + page.repeat,
                page.instance,
            )
        )
    for name, value in values.items():
        if value is None:
            answers.pop(name, None)
        else:
            answers[name] = value
    link.definition = expand(link.definition, answers)
    _keep(link, answers)
    return _next(link, answers, index if action in ("add", "remove") else index + 1)


@bp.get("/preview/<token>/end")
def preview_end(token: str) -> Any:
    link = _load(token)
    return render_template(
        "admin/preview_end.html", version=link.version, title=link.definition.title.get(link.lang)
    )
