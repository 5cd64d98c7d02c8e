"""A survey's codebook with a history: read a version, change it, search the answers a word catches.

Every save is one change (add a category, add or remove words) applied to the survey's newest
version inside a transaction that first takes the survey's row: two analysts saving at once are
served one after the other, and the second change is applied on top of the first (merged, never
lost, never refused for being based on an older version). The unique (survey, number) constraint
is the database's own guard behind that. A survey without a saved version uses the shipped
codebook ("version 0"). Matching is the analysis package's own (`Codebook.catches`).
"""

from __future__ import annotations

import copy
import html
import json
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select, update
from sqlalchemy.orm import Session, undefer

from analysis.codebook import Codebook, from_data, phrase_of, shipped_data
from analysis.prepare import OWN_SCRIPT, english_catches
from analysis.preprocess import normalize_lang

from ..models import CodebookVersion, Survey, User
from . import answer_stems
from .statements import table_of
from .themes import documents, stored_languages

KINDS = ("barrier", "asset")
MAX_TERM = 80
MAX_NAME = 80
# Answers listed for one search; the count covers all of them.
SHOWN = 50
Change = dict[str, Any]


class CodebookProblem(ValueError):
    """A change that cannot be made; `reason` is a key the pages translate, `field` the form field."""

    def __init__(self, reason: str, field: str = "", more: tuple[CodebookProblem, ...] = ()) -> None:
        super().__init__(reason)
        self.reason, self.field = reason, field
        self.all = [self, *more]

    @classmethod
    def raise_all(cls, problems: list[CodebookProblem]) -> None:
        """Every problem of one form at once, so a person fixes them in one round."""
        if problems:
            raise cls(problems[0].reason, problems[0].field, tuple(problems[1:]))


@dataclass
class Current:
    """The codebook a survey's next run uses: its newest version, or the shipped one (number 0)."""

    number: int
    data: dict[str, Any]
    version: CodebookVersion | None

    @property
    def codebook(self) -> Codebook:
        return from_data(self.data)


def shipped() -> dict[str, Any]:
    """The shipped codebook as a whole codebook (its `_meta` marks it complete)."""
    data = shipped_data()
    meta = dict(data.get("_meta") or {})  # type: ignore[call-overload]
    return {"_meta": {**meta, "complete": True}, "categories": data["categories"]}


def latest(session: Session, survey_id: int) -> CodebookVersion | None:
    return session.scalar(
        select(CodebookVersion)
        .options(undefer(CodebookVersion.codebook))
        .where(CodebookVersion.survey_id == survey_id)
        .order_by(CodebookVersion.number.desc())
        .limit(1)
    )


def current(session: Session, survey: Survey) -> Current:
    version = latest(session, survey.id)
    if version is None:
        return Current(0, shipped(), None)
    return Current(version.number, version.codebook, version)


def history(session: Session, survey: Survey) -> list[CodebookVersion]:
    """Every saved version, newest first (without their codebooks)."""
    return list(
        session.scalars(
            select(CodebookVersion)
            .where(CodebookVersion.survey_id == survey.id)
            .order_by(CodebookVersion.number.desc())
        )
    )


def version(session: Session, survey: Survey, number: int) -> CodebookVersion | None:
    return session.scalar(
        select(CodebookVersion)
        .options(undefer(CodebookVersion.codebook))
        .where(CodebookVersion.survey_id == survey.id, CodebookVersion.number == number)
    )


@contextmanager
def codebook_file(version: CodebookVersion | None) -> Iterator[Path | None]:
    """The version as a codebook file for the package (`--codebook`), removed afterwards; None
    for the shipped codebook."""
    if version is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="codebook-") as folder:
        path = Path(folder) / f"codebook-v{version.number}.json"
        path.write_text(json.dumps(version.codebook, ensure_ascii=False), "utf-8")
        yield path


# --- Changes: each checks its input and edits a copy of the codebook data --------------------


def clean_term(term: str, lang: str, languages: list[str]) -> str:
    """The word or phrase as it will be stored, or a CodebookProblem saying what is wrong."""
    text = " ".join(unicodedata.normalize("NFC", term or "").split())
    problems = [] if lang in languages else [CodebookProblem("language_unknown", "lang")]
    if not text:
        problems.append(CodebookProblem("term_empty", "term"))
    elif len(text) > MAX_TERM:
        problems.append(CodebookProblem("term_too_long", "term"))
    elif lang in languages and not phrase_of(text, lang):
        problems.append(CodebookProblem("term_unmatchable", "term"))
    CodebookProblem.raise_all(problems)
    return text


def _category(data: dict[str, Any], category_id: str) -> dict[str, Any]:
    found = next((c for c in data["categories"] if c.get("id") == category_id), None)
    if found is None:
        raise CodebookProblem("category_unknown")
    return found


def _terms_of(category: dict[str, Any], lang: str) -> list[str]:
    return [*(category.get("terms") or {}).get(lang, []), *(category.get("related") or {}).get(lang, [])]


def _names(names: dict[str, str], languages: list[str]) -> dict[str, str]:
    clean = {lang: " ".join((name or "").split()) for lang, name in names.items()}
    if any(lang not in languages for lang in clean):
        raise CodebookProblem("language_unknown")
    clean = {lang: name for lang, name in clean.items() if name}
    if not clean:
        raise CodebookProblem("name_empty", "name")
    if any(len(name) > MAX_NAME for name in clean.values()):
        raise CodebookProblem("name_too_long", "name")
    return clean


def _new_id(data: dict[str, Any], names: dict[str, str]) -> str:
    """A readable id from a Latin-script name ("team-night-shifts"), else a numbered one. Markup
    typed into a name is shown as typed, but is no part of its id ("<b>Rent</b>" is "team-rent")."""
    taken = {c.get("id") for c in data["categories"]}
    first = re.sub(r"<[^>]*>", " ", html.unescape(names.get("en") or next(iter(names.values()))))
    ascii_name = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "category"
    candidate, n = f"team-{slug}", 2
    while candidate in taken:
        candidate, n = f"team-{slug}-{n}", n + 1
    return candidate


def add_category(
    kind: str, names: dict[str, str], languages: list[str], terms: dict[str, str] | None = None
) -> Callable[[dict[str, Any]], Change]:
    """A new category (a barrier or a strength) named in the survey's languages, with optional
    first words (a theme made by hand from a search)."""
    problems = [] if kind in KINDS else [CodebookProblem("kind_unknown", "kind")]
    clean: dict[str, str] = {}
    words: dict[str, str] = {}
    try:
        clean = _names(names, languages)
    except CodebookProblem as problem:
        problems.append(problem)
    try:
        words = {lang: clean_term(term, lang, languages) for lang, term in (terms or {}).items()}
    except CodebookProblem as problem:
        problems.extend(problem.all)
    CodebookProblem.raise_all(problems)

    def change(data: dict[str, Any]) -> Change:
        for cat in data["categories"]:
            labels = cat.get("label") or {}
            labels = {"en": labels} if isinstance(labels, str) else labels
            if any(labels.get(lang, "").casefold() == name.casefold() for lang, name in clean.items()):
                raise CodebookProblem("name_taken", "name")
        new_id = _new_id(data, clean)
        data["categories"].append(
            {
                "id": new_id,
                "kind": kind,
                "label": clean,
                "terms": {lang: [w] for lang, w in words.items()},
                "team": True,
            }
        )
        return {"op": "add_category", "category": new_id, "kind": kind, "names": clean, "terms": words}

    return change


def add_term(
    category_id: str, lang: str, term: str, languages: list[str]
) -> Callable[[dict[str, Any]], Change]:
    """One more word or phrase (strong evidence) for a category in one language."""
    text = clean_term(term, lang, languages)
    phrase = phrase_of(text, lang)

    def change(data: dict[str, Any]) -> Change:
        cat = _category(data, category_id)
        if any(phrase_of(t, lang) == phrase for t in _terms_of(cat, lang)):
            raise CodebookProblem("term_duplicate", "term")
        cat.setdefault("terms", {}).setdefault(lang, []).append(text)
        return {"op": "add_term", "category": category_id, "lang": lang, "terms": [text]}

    return change


def remove_terms(category_id: str, chosen: list[tuple[str, str]]) -> Callable[[dict[str, Any]], Change]:
    """Take words out of a category; every chosen word must still be there."""
    if not chosen:
        raise CodebookProblem("term_none_chosen", "terms")

    def change(data: dict[str, Any]) -> Change:
        cat = _category(data, category_id)
        for lang, term in chosen:
            lists = [cat.get(key, {}).get(lang, []) for key in ("terms", "related")]
            holder = next((words for words in lists if term in words), None)
            if holder is None:
                raise CodebookProblem("term_missing", "terms")
            holder.remove(term)
        langs = sorted({lang for lang, _ in chosen})
        return {
            "op": "remove_terms",
            "category": category_id,
            "lang": ", ".join(langs),
            "terms": [t for _, t in chosen],
        }

    return change


def save(
    session: Session, survey: Survey, change: Callable[[dict[str, Any]], Change], *, user: User | None
) -> tuple[CodebookVersion, int]:
    """Apply one change to the survey's newest codebook and store it as the next version.

    Returns the new version and the number it was applied to. The survey's row is taken first
    (an UPDATE: a row lock on PostgreSQL, the write lock on SQLite), so a save waits for one under
    way and then builds on its result; flushes, the view commits.
    """
    session.flush()
    surveys = table_of(Survey)
    session.execute(update(surveys).where(surveys.c.id == survey.id).values(id=survey.id))
    base = current(session, survey)
    data = copy.deepcopy(base.data)
    what = change(data)
    from_data(data)  # the package reads it back, or the change is refused before it is stored
    row = CodebookVersion(
        survey_id=survey.id,
        number=base.number + 1,
        created_by_id=user.id if user else None,
        created_by=(user.email if user else "system")[:254],
        change=what,
        codebook=data,
    )
    session.add(row)
    session.flush()
    return row, base.number


# --- Which answers a word catches ------------------------------------------------------------


@dataclass
class Caught:
    doc_id: str
    text: str
    lang: str
    source: str
    question: str | None


def catches(
    session: Session, survey: Survey, codebook: Codebook, term: str, lang: str
) -> tuple[int, list[Caught]]:
    """The survey's analysed answers (and focus-group notes) in `lang` that `term` catches, matched
    as a run matches them: how many, and the first SHOWN of them. An English term also catches the
    English words of answers in a language of its own script (`analysis.prepare.OWN_SCRIPT`).

    Reads only the answers in those languages, and their stored stems (`answer_stems`): answers no
    run has seen yet are preprocessed once here and stored (flushes; the view commits)."""
    languages = stored_languages(session, survey)
    caught = []
    for text_lang in (lang, *sorted(OWN_SCRIPT)) if lang == "en" else (lang,):
        raw = [value for value in languages if normalize_lang(value) == text_lang]
        mine = documents(session, survey, raw)
        if mine.empty:
            continue
        stems = answer_stems.stems_for(session, text_lang, mine["text"].astype(str).tolist())
        if text_lang == lang:
            hits = codebook.catches_stems(term, lang, stems)
        else:
            hits = english_catches(codebook, term, stems)
        caught.append(mine.iloc[hits])
    found = pd.concat(caught) if caught else pd.DataFrame()
    if found.empty:
        return 0, []
    rows = found.iloc[:SHOWN]
    shown = [
        Caught(
            str(r.id),
            str(r.text),
            str(r.lang),
            str(r.source),
            r.question if isinstance(r.question, str) else None,
        )
        for r in rows.itertuples(index=False)
    ]
    return len(found), shown
