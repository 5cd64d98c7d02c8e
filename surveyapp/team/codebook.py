"""The survey's codebook in the browser: categories and their words, searching the answers a word
catches, a theme made by hand from a search, and the history of saved versions.

Every form posts to a route that saves one change as a new version (services/codebooks.py) and
redirects; a refused change re-renders the page with the reason at its field (422).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from analysis.codebook import Category, Codebook, from_data, phrase_of

from ..auth.views import client_address
from ..db import get_session
from ..forms.codebook import (
    KIND_NAMES,
    MESSAGES,
    ChangeForm,
    RemoveForm,
    SearchForm,
    WordForm,
    category_form,
)
from ..forms.staff import options
from ..i18n import autonym
from ..services import audit, reporting, suppression
from ..services import codebooks as service
from ..services.labels import reader_language
from . import bp
from .scope import Filters, current_scope


def _languages(filters: Filters) -> list[str]:
    return list(filters.definition.languages)


def name_of(category: Category) -> str:
    """A category's name in the reader's language, else English, else any it has."""
    labels = category.labels
    return labels.get(reader_language()) or labels.get("en") or next(iter(labels.values()), category.id)


def describe(change: dict[str, Any], codebook: Codebook) -> str:
    """One line saying what a version changed, in the reader's language."""
    cat = codebook.category(str(change.get("category", "")))
    name = name_of(cat) if cat else str(change.get("category", ""))
    if change.get("op") == "add_category":
        kind = KIND_NAMES[change["kind"]]
        first = change.get("terms") or {}  # a theme made from a search: its word, by language
        if isinstance(first, dict) and first:
            lang, word = next(iter(first.items()))
            return _(
                "Added the category “%(name)s” (%(kind)s) with “%(terms)s” (%(lang)s)",
                name=name,
                kind=kind,
                terms=word,
                lang=lang,
            )
        return _("Added the category “%(name)s” (%(kind)s)", name=name, kind=kind)
    terms = ", ".join(change.get("terms") or [])
    if change.get("op") == "add_term":
        return _(
            "Added “%(terms)s” (%(lang)s) to “%(name)s”", terms=terms, lang=change.get("lang"), name=name
        )
    return _(
        "Removed “%(terms)s” (%(lang)s) from “%(name)s”", terms=terms, lang=change.get("lang"), name=name
    )


def _attach(form: ChangeForm, problems: service.CodebookProblem, languages: list[str]) -> None:
    """Each problem's message at its field (a name problem at the first name), else above the form."""
    for problem in problems.all:
        field_name = problem.field
        if field_name == "name":
            field_name = f"name_{languages[0]}" if languages else ""
        field = getattr(form, field_name, None) if field_name else None
        message = str(MESSAGES.get(problem.reason, problem.reason))
        if field is not None and field.type != "HiddenField":
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


def _save(filters: Filters, form: ChangeForm, make: Callable[[], Any]) -> Any | None:
    """Make the change and store it as the next version, answering with a redirect; or None, with
    the problems on the form (a change the codebook refuses, a save that lost the race)."""
    db = get_session()
    user = current_user._get_current_object()
    try:
        version, base = service.save(db, filters.survey, make(), user=user)
        audit.record(
            db,
            "codebook.save",
            user=user,
            target=f"survey:{filters.survey.slug}",
            version=version.number,
            change=version.change,
            ip=client_address(),
        )
        db.commit()
    except service.CodebookProblem as problem:
        db.rollback()
        _attach(form, problem, _languages(filters))
        return None
    except IntegrityError:  # the database's guard: another save took this number
        db.rollback()
        form.form_errors.append(_("Someone saved the codebook at the same moment: please try again."))
        return None
    flash(_("Saved as codebook version %(n)d. The next analysis run uses it.", n=version.number))
    if str(base) != (form.base.data or ""):
        flash(_("Someone else saved a version meanwhile: your change was added to it, nothing was lost."))
    category = version.change.get("category")
    return redirect(url_for("team.codebook_category", category_id=category, **filters.args()), code=303)


def _valid(form: FlaskForm, filters: Filters) -> bool:
    if not form.validate_on_submit():
        return False
    if form.survey.data != filters.survey.slug:
        form.form_errors.append(_("This form belongs to another survey: please reload the page."))
        return False
    return True


def _names(form: ChangeForm, languages: list[str]) -> dict[str, str]:
    return {code: getattr(form, f"name_{code}").data or "" for code in languages}


@bp.get("/codebook")
def codebook() -> Any:
    return _list_page(current_scope())


def _list_page(filters: Filters, form: ChangeForm | None = None, status: int = 200) -> Any:
    cur = service.current(get_session(), filters.survey)
    languages = _languages(filters)
    form = form or category_form(languages, survey=filters.survey.slug, base=cur.number)
    search = SearchForm(data={"word_lang": languages[0] if languages else ""})
    search.word_lang.choices = options((code, autonym(code)) for code in languages)
    return render_template(
        "team/codebook.html",
        f=filters,
        page="themes",
        cur=cur,
        book=cur.codebook,
        languages=languages,
        form=form,
        search=search,
        name_of=name_of,
        kind_names=KIND_NAMES,
    ), status


@bp.post("/codebook/categories")
def codebook_add_category() -> Any:
    filters = current_scope()
    languages = _languages(filters)
    form = category_form(languages, formdata=request.form)
    if _valid(form, filters):
        answer = _save(
            filters, form, lambda: service.add_category(form.kind.data, _names(form, languages), languages)
        )
        if answer is not None:
            return answer
    return _list_page(filters, form, 422)


@bp.get("/codebook/categories/<category_id>")
def codebook_category(category_id: str) -> Any:
    return _category_page(current_scope(), category_id)


def _category_page(
    filters: Filters,
    category_id: str,
    word: WordForm | None = None,
    remove: RemoveForm | None = None,
    status: int = 200,
) -> Any:
    cur = service.current(get_session(), filters.survey)
    book = cur.codebook
    category = book.category(category_id)
    if category is None:
        abort(404)
    languages = _languages(filters)
    word = word or WordForm(survey=filters.survey.slug, base=cur.number, formdata=None)
    word.lang.choices = options((code, autonym(code)) for code in languages)
    remove = remove or RemoveForm(survey=filters.survey.slug, base=cur.number, formdata=None)
    return render_template(
        "team/codebook_category.html",
        f=filters,
        page="themes",
        cur=cur,
        category=category,
        languages=languages,
        others_named=", ".join(autonym(code) for code in sorted(set(category.terms) - set(languages))),
        word=word,
        remove=remove,
        name_of=name_of,
        kind_names=KIND_NAMES,
    ), status


@bp.post("/codebook/categories/<category_id>/words")
def codebook_add_word(category_id: str) -> Any:
    filters = current_scope()
    languages = _languages(filters)
    form = WordForm()
    form.lang.choices = options((code, autonym(code)) for code in languages)
    if _valid(form, filters):
        answer = _save(
            filters,
            form,
            lambda: service.add_term(category_id, form.lang.data, form.term.data or "", languages),
        )
        if answer is not None:
            return answer
    return _category_page(filters, category_id, word=form, status=422)


@bp.post("/codebook/categories/<category_id>/words/remove")
def codebook_remove_words(category_id: str) -> Any:
    filters = current_scope()
    form = RemoveForm()
    if _valid(form, filters):
        chosen = [tuple(value.split(":", 1)) for value in form.terms.data or [] if ":" in value]
        answer = _save(
            filters, form, lambda: service.remove_terms(category_id, [(lang, term) for lang, term in chosen])
        )
        if answer is not None:
            return answer
    return _category_page(filters, category_id, remove=form, status=422)


@bp.get("/codebook/search")
def codebook_search() -> Any:
    """The answers a word catches, as the next run would match them (analysts only: free text)."""
    filters = current_scope()
    return _search_page(filters, SearchForm(request.args), blank=not request.args)


def _search_page(
    filters: Filters, search: SearchForm, theme: ChangeForm | None = None, blank: bool = False
) -> Any:
    """The search's page: the answers the word catches and the form making a theme of it. `theme` is
    a refused make-a-theme form, shown again with its problems (and what was typed) under the same
    search (422); `blank` is the page opened without a search, which is no error."""
    db = get_session()
    languages = _languages(filters)
    cur = service.current(db, filters.survey)
    search.word_lang.choices = options((code, autonym(code)) for code in languages)
    total: suppression.Cell | None = None
    shown: list[service.Caught] = []
    status, term = (200 if theme is None else 422), ""
    if search.validate():
        try:
            term = service.clean_term(search.q.data or "", search.word_lang.data, languages)
        except service.CodebookProblem as problem:
            search.q.errors = [*search.q.errors, str(MESSAGES[problem.reason])]
            status = 422
        else:
            count, shown = service.catches(db, filters.survey, cur.codebook, term, search.word_lang.data)
            db.commit()  # the stems of answers met for the first time, so the next search is quick
            total = suppression.single(count, reporting.min_count_of(filters.scope))
    elif not blank:
        status = 422
    if theme is None:
        theme = category_form(
            languages, survey=filters.survey.slug, base=cur.number, q=term, lang=search.word_lang.data
        )
    holders = [c for c in cur.codebook.categories if term and _holds(c, term, search.word_lang.data)]
    return render_template(
        "team/codebook_search.html",
        f=filters,
        page="themes",
        search=search,
        term=term,
        total=total,
        shown=shown,
        holders=holders,
        theme=theme,
        languages=languages,
        name_of=name_of,
        questions={q.name: q.label.get(reader_language()) for q in filters.definition.questions.values()},
    ), status


def _holds(category: Category, term: str, lang: str) -> bool:
    probe = phrase_of(term, lang)
    return any(phrase_of(t, lang) == probe for t, _w in category.terms.get(lang, []))


@bp.post("/codebook/themes")
def codebook_make_theme() -> Any:
    """A theme made by hand from a search: a new category whose first word is the search."""
    filters = current_scope()
    languages = _languages(filters)
    form = category_form(languages, formdata=request.form)
    if _valid(form, filters):
        answer = _save(
            filters,
            form,
            lambda: service.add_category(
                form.kind.data,
                _names(form, languages),
                languages,
                terms={form.lang.data or "": form.q.data or ""},
            ),
        )
        if answer is not None:
            return answer
    # Answered under the same search, so that the word, its answers and the names typed stay.
    search = SearchForm(MultiDict({"q": form.q.data or "", "word_lang": form.lang.data or ""}))
    return _search_page(filters, search, theme=form)


@bp.get("/codebook/history")
def codebook_history() -> Any:
    filters = current_scope()
    db = get_session()
    cur = service.current(db, filters.survey)
    versions = service.history(db, filters.survey)
    return render_template(
        "team/codebook_history.html",
        f=filters,
        page="themes",
        versions=versions,
        describe=lambda change: describe(change, cur.codebook),
    )


@bp.get("/codebook/versions/<int:number>")
def codebook_version(number: int) -> Any:
    filters = current_scope()
    row = service.version(get_session(), filters.survey, number)
    if row is None:
        abort(404)
    book = from_data(row.codebook)
    return render_template(
        "team/codebook_version.html",
        f=filters,
        page="themes",
        row=row,
        book=book,
        what=describe(row.change, book),
        name_of=name_of,
        kind_names=KIND_NAMES,
    )


@bp.get("/codebook/versions/<int:number>.json")
def codebook_version_file(number: int) -> Any:
    """A version as a codebook file for the command line (`--codebook FILE`)."""
    filters = current_scope()
    row = service.version(get_session(), filters.survey, number)
    if row is None:
        return jsonify(error="no such codebook version"), 404
    answer = jsonify(row.codebook)
    answer.headers["Content-Disposition"] = (
        f"attachment; filename=codebook-{filters.survey.slug}-v{number}.json"
    )
    return answer
