"""Theme analysis for the app: a survey's documents, background runs, stored results, curation.

The web request only queues a run and starts `flask --app wsgi themes work RUN` as a separate
process (analysis needs seconds to minutes and hundreds of MB; a web worker must not). The worker
writes progress and a heartbeat to the run, so the page can follow it and tell a stalled run from a
slow one. The team's edits live in one row per survey and are passed to every run, so renames,
merges, hidden themes and moved answers survive re-runs; they are also applied at once to the run
on screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
from flask import Flask
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ..models import (
    AnalysisRun,
    Answer,
    GroupNote,
    Response,
    Survey,
    SurveyVersion,
    ThemeAssignment,
    ThemeCuration,
    User,
    utcnow,
)
from . import answer_stems, theme_codes
from .surveys import definition_of

STALL_AFTER = timedelta(minutes=10)
SOURCES = {"r": "survey", "n": "focus group"}
ROOT = Path(__file__).resolve().parents[2]
CHUNK = 5_000
# A run's error when there is nothing to analyse (the pages name it in the reader's language).
NO_ANSWERS = "no answers to analyse yet"
SURVEY_GONE = "the survey no longer exists"


def doc_id_of_answer(response_id: str, question: str) -> str:
    return f"r:{response_id}:{question}"


def analysis_questions(session: Session, survey: Survey) -> list[str]:
    """Names of the questions marked for theme analysis in any version of the survey."""
    return list(analysis_roles(session, survey))


def analysis_roles(session: Session, survey: Survey) -> dict[str, str]:
    """Question name -> its role ("barriers", "assets", or "" for the analysis to decide), as the
    newest version that has the question marks it."""
    roles: dict[str, str] = {}
    versions = session.scalars(
        select(SurveyVersion).where(SurveyVersion.survey_id == survey.id).order_by(SurveyVersion.id.desc())
    )
    for version in versions:
        for q in definition_of(version).analysis_questions:
            roles.setdefault(q.name, "" if q.analysis_role == "auto" else q.analysis_role)
    return roles


def documents(session: Session, survey: Survey, languages: list[str] | None = None) -> pd.DataFrame:
    """Free-text answers of complete responses to the marked questions, and focus-group notes;
    only those whose stored language is one of `languages` when given (same order either way)."""
    roles = analysis_roles(session, survey)
    questions = list(roles)
    answers = select(Answer.response_id, Answer.question, Answer.value, Response.language).join(
        Response, Response.id == Answer.response_id
    )
    notes = select(GroupNote.id, GroupNote.text, GroupNote.language)
    if languages is not None:
        answers = answers.where(Response.language.in_(languages))
        notes = notes.where(GroupNote.language.in_(languages))
    answers = answers.where(
        Response.survey_id == survey.id, Response.status == "complete", Answer.question.in_(questions)
    ).order_by(Answer.response_id, Answer.question)
    return _frame(roles, session.execute(answers).all(), session.execute(notes.order_by(GroupNote.id)).all())


def stored_languages(session: Session, survey: Survey) -> set[str]:
    """The language values stored on the survey's responses and on focus-group notes, as written."""
    answers = select(Response.language).where(Response.survey_id == survey.id).distinct()
    notes = select(GroupNote.language).distinct()
    return {*session.scalars(answers), *session.scalars(notes)}


def _frame(roles: dict[str, str], answers: Any, notes: Any) -> pd.DataFrame:
    rows: list[dict[str, Any]] = [
        {
            "id": doc_id_of_answer(r, q),
            "text": text,
            "lang": lang,
            "source": "survey",
            "response_id": r,
            "question": q,
            "note_id": None,
            "role": roles[q],
        }
        for r, q, text, lang in answers
    ]
    rows += [
        {
            "id": f"n:{n}",
            "text": text,
            "lang": lang,
            "source": "focus group",
            "response_id": None,
            "question": None,
            "note_id": n,
            "role": "",
        }
        for n, text, lang in notes
    ]
    columns = ["id", "text", "lang", "source", "response_id", "question", "note_id", "role"]
    return pd.DataFrame(rows, columns=columns)


def is_stalled(run: AnalysisRun) -> bool:
    last = run.heartbeat_at or run.created_at
    return run.status in ("queued", "running") and utcnow() - last > STALL_AFTER


def active_run(session: Session, survey_id: int) -> AnalysisRun | None:
    """The queued or running job of a survey, unless it stopped giving signs of life."""
    run = session.scalar(
        select(AnalysisRun)
        .where(AnalysisRun.survey_id == survey_id, AnalysisRun.status.in_(("queued", "running")))
        .order_by(AnalysisRun.id.desc())
        .limit(1)
    )
    return None if run is None or is_stalled(run) else run


def latest_run(session: Session, survey_id: int) -> AnalysisRun | None:
    """The newest finished run (its result is what the dashboard shows)."""
    return session.scalar(
        select(AnalysisRun)
        .where(AnalysisRun.survey_id == survey_id, AnalysisRun.status == "done")
        .order_by(AnalysisRun.id.desc())
        .limit(1)
    )


def queue_run(
    session: Session, survey: Survey, *, user: User | None = None, actor: str | None = None
) -> tuple[AnalysisRun, bool]:
    """A new queued run, or the one already under way (never two at once for a survey)."""
    active = active_run(session, survey.id)
    if active is not None:
        return active, False
    run = AnalysisRun(
        survey_id=survey.id,
        started_by_id=user.id if user else None,
        started_by=(actor or (user.email if user else "system"))[:254],
    )
    session.add(run)
    session.flush()
    return run, True


def start_worker(app: Flask, run_id: int) -> None:
    """Run the job in its own process, detached from the web worker that asked for it."""
    env = {**os.environ, "DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": app.config["SECRET_KEY"]}
    log = Path(app.instance_path) / "analysis.log"
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            [sys.executable, "-m", "flask", "--app", "wsgi", "themes", "work", str(run_id)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    # Reap it when it ends, so a long-lived web worker leaves no zombie processes behind.
    threading.Thread(target=process.wait, daemon=True).start()


def _previous(session: Session, survey_id: int) -> Any:
    from analysis import ThemeResult

    run = latest_run(session, survey_id)
    if run is None or not run.result:
        return None
    rows = session.execute(
        select(ThemeAssignment.doc_id, ThemeAssignment.theme_id, ThemeAssignment.score).where(
            ThemeAssignment.run_id == run.id
        )
    )
    assignments = pd.DataFrame(rows.all(), columns=["id", "theme_id", "score"])
    return ThemeResult.from_json(run.result, assignments)


# What names a theme for a reader (services.theme_labels), kept for themes merged into another.
NAMING_KEYS = ("id", "kind", "label", "label_source", "labels", "terms_by_lang", "category")


def merged_names(
    result: dict[str, Any], themes: list[dict[str, Any]], merges: list[list[str]]
) -> dict[str, dict[str, Any]]:
    """The naming of every theme merged into another so far: a merged theme leaves the run's
    themes, and "merged with" still names it as the pages named it (result["merged_names"])."""
    names = dict(result.get("merged_names") or {})
    by_id = {t["id"]: t for t in themes}
    for group in merges:
        for theme_id in group[1:]:
            if theme_id in by_id:
                names[theme_id] = {k: by_id[theme_id][k] for k in NAMING_KEYS if k in by_id[theme_id]}
    return names


def _carry_merged_names(session: Session, run: AnalysisRun) -> None:
    """A new run's themes that hold merged ones are named from the previous run, where the merged
    theme was still a theme, or had been named when it was merged."""
    previous = latest_run(session, run.survey_id)
    result = dict(run.result or {})
    wanted = {m for t in result.get("themes", []) for m in t.get("merged_from", [])}
    if previous is None or not previous.result or not wanted:
        return
    known = merged_names(previous.result, previous.result.get("themes", []), [["", *wanted]])
    result["merged_names"] = {m: known[m] for m in wanted if m in known}
    run.result = result


def edits_of(session: Session, survey_id: int) -> dict[str, Any]:
    curation = session.get(ThemeCuration, survey_id)
    return dict(curation.edits) if curation else {}


def work(session: Session, run_id: int, say: Any = None) -> AnalysisRun | None:
    """Do a queued run: documents, analysis with the previous run and the team's edits, store."""
    from analysis import ThemeOptions, find_themes

    run = session.get(AnalysisRun, run_id)
    if run is None or run.status != "queued":
        return run
    run.status, run.started_at, run.heartbeat_at = "running", utcnow(), utcnow()
    session.commit()

    def progress(message: str) -> None:
        run.progress, run.heartbeat_at = message[:300], utcnow()
        session.commit()
        if say:
            say(message)

    try:
        survey = session.get(Survey, run.survey_id)
        if survey is None:
            raise ValueError(SURVEY_GONE)
        progress("collecting answers")
        docs = documents(session, survey)
        if docs.empty:
            raise ValueError(NO_ANSWERS)
        # The survey's codebook as it is now, handed over as a `--codebook` file would be.
        from .codebooks import codebook_file, latest

        version = latest(session, survey.id)
        run.codebook_version_id = version.id if version else None
        with codebook_file(version) as codebook:
            result = find_themes(
                docs,
                ThemeOptions(k="auto", codebook=codebook),
                previous=_previous(session, survey.id),
                edits=edits_of(session, survey.id),
                progress=progress,
            )
        progress("saving themes")
        _store(session, run, docs, result.assignments)
        # The codebook's word search reads these instead of preprocessing every answer again.
        answer_stems.store(session, zip(docs["text"], docs["lang"], strict=True))
        theme_codes.store(session, run, result.codes)
        run.result = result.to_json()
        _carry_merged_names(session, run)
        run.n_documents = len(docs)
        run.status, run.finished_at, run.progress = "done", utcnow(), ""
        session.commit()
    except Exception as exc:  # noqa: BLE001 - a job boundary: the reason is stored for the page
        session.rollback()
        run.status, run.finished_at = "failed", utcnow()
        run.error = (str(exc).splitlines() or [type(exc).__name__])[0][:500]
        session.commit()
    return run


class _Document(NamedTuple):
    """A row of `documents()` as `_store` reads it (pandas turns a missing id into NaN)."""

    id: str
    lang: str
    response_id: str | float
    question: str | float
    note_id: float


def _store(session: Session, run: AnalysisRun, docs: pd.DataFrame, assigned: pd.DataFrame) -> None:
    themes = dict(
        zip(
            assigned["id"].astype(str), zip(assigned["theme_id"], assigned["score"], strict=True), strict=True
        )
    )
    rows = []
    for doc in map(_Document._make, docs[list(_Document._fields)].itertuples(index=False, name=None)):
        theme_id, score = themes[doc.id]
        answer = isinstance(doc.response_id, str)  # pandas turns a note's None into NaN
        rows.append(
            {
                "run_id": run.id,
                "doc_id": doc.id,
                "response_id": doc.response_id if answer else None,
                "question": doc.question if answer else None,
                "note_id": int(doc.note_id) if pd.notna(doc.note_id) else None,
                "theme_id": str(theme_id),
                "score": float(score),
                "lang": str(doc.lang),
            }
        )
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(ThemeAssignment), rows[start : start + CHUNK])


def curate(session: Session, run: AnalysisRun, change: dict[str, Any], *, unhide: str | None = None) -> None:
    """Keep one edit for every later run and apply it now to the run on screen."""
    from analysis.edits import apply_edits, merge_edits, normalize_edits
    from analysis.results import Theme

    change = normalize_edits(change)
    curation = session.get(ThemeCuration, run.survey_id)
    if curation is None:
        curation = ThemeCuration(survey_id=run.survey_id, edits={})
        session.add(curation)
    edits = merge_edits(curation.edits, change)
    if unhide:
        edits["hidden"] = [t for t in edits["hidden"] if t != unhide]
    curation.edits, curation.updated_at = edits, utcnow()

    for group in change["merges"]:
        session.execute(
            update(ThemeAssignment)
            .where(ThemeAssignment.run_id == run.id, ThemeAssignment.theme_id.in_(group[1:]))
            .values(theme_id=group[0])
        )
        theme_codes.merge(session, run, group[0], group[1:])
    for doc_id, theme_id in change["moves"].items():
        assignment = session.scalar(
            select(ThemeAssignment).where(ThemeAssignment.run_id == run.id, ThemeAssignment.doc_id == doc_id)
        )
        if assignment is not None:
            assignment.theme_id, assignment.score = theme_id, 1.0
            session.flush()
            theme_codes.move(session, assignment)
    theme_codes.edit_codes(session, run, change)
    result = dict(run.result or {})
    result["merged_names"] = merged_names(result, result.get("themes", []), change["merges"])
    themes = [Theme.from_dict(t) for t in result.get("themes", [])]
    _, themes = apply_edits(pd.DataFrame(columns=["id", "theme_id", "score"]), themes, change)
    by_id = {t.id: t for t in themes}
    for group in change["merges"]:
        keep = by_id.get(group[0])
        for other in (by_id.get(t) for t in group[1:]):
            if keep is not None and other is not None:
                keep.quotes = (keep.quotes + other.quotes)[:6]
    if unhide and unhide in by_id:
        by_id[unhide].hidden = False
    sizes = dict(
        session.execute(
            select(ThemeAssignment.theme_id, func.count())
            .where(ThemeAssignment.run_id == run.id)
            .group_by(ThemeAssignment.theme_id)
        ).all()
    )
    total = sum(sizes.values()) or 1
    merged_away = {t for group in edits["merges"] for t in group[1:]}
    coded = theme_codes.coded_counts(session, run)
    for theme in themes:
        theme.size = int(sizes.get(theme.id, 0))
        theme.share = round(theme.size / total, 4)
        theme.coded = int(coded.get(theme.id, 0))
    kept = [t for t in themes if t.size or t.id not in merged_away]
    result["themes"] = [asdict(t) for t in sorted(kept, key=lambda t: -t.size)]
    result["edits"] = edits
    run.result = result


def theme_roles(run: AnalysisRun) -> dict[str, str]:
    """Theme id -> "barriers" or "assets": a team edit never joins a strength to a barrier."""
    return {t["id"]: t.get("role", "barriers") for t in (run.result or {}).get("themes", [])}


def theme_ids(run: AnalysisRun) -> set[str]:
    return {t["id"] for t in (run.result or {}).get("themes", [])}
