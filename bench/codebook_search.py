"""The codebook page's word search ("which answers does this word catch") over many answers.

    .venv/bin/python bench/codebook_search.py [--answers 20000] [--repeat 3] [--database-url URL]

Builds a throwaway database (SQLite by default; PostgreSQL with --database-url, which it empties),
loads the demo, then adds complete responses until `--answers` free-text answers to the analysed
questions are stored. Each new answer joins two demo answers of one language, so the texts are
mostly distinct, as real answers are (a cache of 321 repeated texts would flatter any search).
Then it times `codebooks.catches` for words in and out of the codebook: the first search (which
stores the stems of answers no run has stored yet) and the median of the next `--repeat`, and
the same after a theme run (which stores the stems of every answer it analysed), beside the
search as it was before stems were stored (every answer read and preprocessed at each search;
median of `--repeat`), which must count the same answers.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demo_database import demo_app  # noqa: E402  (beside this script)

TERMS = (("bus", "en"), ("monthly", "en"), ("night shift", "en"), ("autobús", "es"), ("lejos", "es"))


def _grow(db, survey, target: int) -> int:  # type: ignore[no-untyped-def]
    """Complete responses whose analysed answers join two demo answers, until `target` are stored."""
    from sqlalchemy import func, select

    from surveyapp.models import Answer, Response
    from surveyapp.services.complete_rows import insert_complete
    from surveyapp.services.themes import analysis_questions

    questions = analysis_questions(db, survey)
    template = db.scalar(select(Response).where(Response.is_sample.is_(True)).limit(1))
    rows = db.execute(
        select(Response.language, Answer.question, Answer.value)
        .join(Answer, Answer.response_id == Response.id)
        .where(Response.survey_id == survey.id, Answer.question.in_(questions))
    ).all()
    by_lang: dict[str, list[tuple[str, str]]] = {}
    for lang, question, value in rows:
        by_lang.setdefault(lang, []).append((question, value))
    langs = sorted(by_lang)
    stored = db.scalar(select(func.count()).select_from(Answer).where(Answer.question.in_(questions)))
    rng = random.Random(0)
    batch_r, batch_a = [], []
    while stored < target:
        lang = rng.choice(langs)
        (question, first), (_, second) = rng.choice(by_lang[lang]), rng.choice(by_lang[lang])
        new_id = str(uuid.uuid4())
        batch_r.append(
            {
                "id": new_id,
                "survey_id": survey.id,
                "version_id": template.version_id,
                "channel_id": template.channel_id,
                "language": lang,
                "started_at": template.started_at,
                "updated_at": template.updated_at,
                "completed_at": template.completed_at,
                "is_sample": True,
            }
        )
        batch_a.append({"response_id": new_id, "question": question, "value": f"{first} {second}"})
        stored += 1
        if len(batch_r) == 5_000 or stored >= target:
            insert_complete(db, batch_r, batch_a)
            db.commit()
            batch_r, batch_a = [], []
    return stored


def _before(db, survey, book, term: str, lang: str) -> int:  # type: ignore[no-untyped-def]
    """The search as it was: every answer read, then preprocessed by the package's matcher."""
    from analysis.preprocess import normalize_lang
    from surveyapp.services.themes import documents

    docs = documents(db, survey)
    mine = docs[docs["lang"].map(normalize_lang) == lang]
    return len(book.catches(term, lang, mine["text"].astype(str).tolist()))


def _time_searches(db, survey, repeat: int) -> list[tuple[str, str, int, float, float, float]]:  # type: ignore[no-untyped-def]
    from surveyapp.services import codebooks

    book = codebooks.current(db, survey).codebook
    out = []
    for term, lang in TERMS:
        times, old = [], []
        count = 0
        for _ in range(repeat + 1):
            start = time.perf_counter()
            count, _shown = codebooks.catches(db, survey, book, term, lang)
            db.commit()  # each search is its own request
            times.append((time.perf_counter() - start) * 1000)
        for _ in range(repeat):
            start = time.perf_counter()
            assert _before(db, survey, book, term, lang) == count, (term, lang)
            old.append((time.perf_counter() - start) * 1000)
        out.append((term, lang, count, statistics.median(old), times[0], statistics.median(times[1:])))
    return out


def _print(title: str, rows: list[tuple[str, str, int, float, float, float]]) -> None:
    print(title)
    print(f"  {'word':<14} {'lang':<4} {'caught':>7} {'before ms':>10} {'first ms':>9} {'next ms':>8}")
    for term, lang, count, before, first, after in rows:
        print(f"  {term:<14} {lang:<4} {count:7d} {before:10.0f} {first:9.0f} {after:8.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    app, db = demo_app(args.database_url, "codebook-search-bench-")

    from surveyapp.services.surveys import survey_by_slug
    from surveyapp.services.themes import queue_run, work

    survey = survey_by_slug(db, "barriers")
    total = _grow(db, survey, args.answers)
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"codebook word search, {database}, {total:,} analysed free-text answers, one process")
    _print("before any theme run:", _time_searches(db, survey, args.repeat))
    run, _ = queue_run(db, survey, actor="bench")
    db.commit()
    started = time.perf_counter()
    work(db, run.id)
    print(f"theme run: {time.perf_counter() - started:.1f} s")
    _print("after a theme run:", _time_searches(db, survey, args.repeat))
    db.close()


if __name__ == "__main__":
    main()
