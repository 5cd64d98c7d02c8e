"""The core team's dashboard with many stored responses: time and SQL statements per page.

    .venv/bin/python bench/dashboard.py [--responses 100000] [--repeat 5] [--database-url URL]

Builds a throwaway database (SQLite by default; PostgreSQL with --database-url, which it empties),
loads the demo, runs the theme analysis on the demo's answers, then copies the demo responses with
their answers and theme assignments until `--responses` are stored (spread over the same days), and
times the overview and themes pages (and the others) as a signed-in analyst, in one process through
Flask's test client: median and worst of `--repeat` requests, beside the same page on the demo
alone and beside a hello-world request of the same app, so the figures read as ratios.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demo_database import PASSWORD, demo_app  # noqa: E402  (beside this script)

PAGES = (
    "/team/",
    "/team/themes",
    "/team/disaggregate?rows=themes&by=race_ethnicity",
    "/team/questions",
    "/team/report",
    "/team/themes/transportation/answers?q=bus",
)


def _grow(db, target: int) -> int:  # type: ignore[no-untyped-def]
    """Copies of the demo responses (answers, theme assignments and their codes) until `target`
    are stored."""
    from sqlalchemy import func, insert, select

    from surveyapp.models import AnalysisRun, Answer, Response, ThemeAssignment, ThemeCode
    from surveyapp.services.complete_rows import insert_complete

    run = db.scalar(select(AnalysisRun).where(AnalysisRun.status == "done"))
    sources = db.scalars(select(Response).where(Response.status == "complete")).all()
    answers: dict[str, list[tuple[str, str]]] = {}
    for a in db.execute(select(Answer.response_id, Answer.question, Answer.value)):
        answers.setdefault(a[0], []).append((a[1], a[2]))
    assigned: dict[str, list[tuple[str, str, float, str]]] = {}
    for t in db.execute(
        select(
            ThemeAssignment.response_id,
            ThemeAssignment.question,
            ThemeAssignment.theme_id,
            ThemeAssignment.score,
            ThemeAssignment.lang,
        ).where(ThemeAssignment.run_id == run.id)
    ):
        assigned.setdefault(t[0], []).append(t[1:])
    codes: dict[tuple[str, str], list[tuple[str, float, str]]] = {}
    for c in db.execute(
        select(
            ThemeAssignment.response_id,
            ThemeAssignment.question,
            ThemeCode.theme_id,
            ThemeCode.score,
            ThemeCode.evidence,
        )
        .join(ThemeCode, ThemeCode.assignment_id == ThemeAssignment.id)
        .where(ThemeAssignment.run_id == run.id)
    ):
        codes.setdefault((c[0], c[1]), []).append(c[2:])
    source_of: dict[str, tuple[str, str]] = {}
    stored = db.scalar(select(func.count()).select_from(Response))
    batch_r, batch_a, batch_t = [], [], []
    n = 0
    while stored + n < target:
        source = sources[n % len(sources)]
        new_id = str(uuid.uuid4())
        batch_r.append(
            {
                "id": new_id,
                "survey_id": source.survey_id,
                "version_id": source.version_id,
                "channel_id": source.channel_id,
                "language": source.language,
                "started_at": source.started_at,
                "updated_at": source.updated_at,
                "completed_at": source.completed_at,
                "is_sample": True,
            }
        )
        batch_a += [{"response_id": new_id, "question": q, "value": v} for q, v in answers.get(source.id, [])]
        batch_t += [
            {
                "run_id": run.id,
                "doc_id": f"r:{new_id}:{q}",
                "response_id": new_id,
                "question": q,
                "theme_id": theme,
                "score": score,
                "lang": lang,
            }
            for q, theme, score, lang in assigned.get(source.id, [])
        ]
        source_of.update({f"r:{new_id}:{q}": (source.id, q) for q, *_rest in assigned.get(source.id, [])})
        n += 1
        if len(batch_r) == 5_000 or stored + n >= target:
            insert_complete(db, batch_r, batch_a)
            db.execute(insert(ThemeAssignment), batch_t)
            new = db.execute(
                select(ThemeAssignment.doc_id, ThemeAssignment.id).where(
                    ThemeAssignment.run_id == run.id,
                    ThemeAssignment.doc_id.in_([t["doc_id"] for t in batch_t]),
                )
            ).all()
            batch_c = [
                {"assignment_id": a_id, "theme_id": theme, "score": score, "evidence": evidence}
                for doc, a_id in new
                for theme, score, evidence in codes.get(source_of.pop(doc), [])
            ]
            if batch_c:
                db.execute(insert(ThemeCode), batch_c)
            db.commit()
            batch_r, batch_a, batch_t = [], [], []
    return stored + n


def _time(app, client, path: str, repeat: int) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    statements: list[str] = []
    engine = app.extensions["db_engine"]

    def count(*_args):  # type: ignore[no-untyped-def]
        statements.append("")

    times = []
    for i in range(repeat + 1):
        if i == 1:
            event.listen(engine, "before_cursor_execute", count)
        start = time.perf_counter()
        answer = client.get(path)
        elapsed = time.perf_counter() - start
        assert answer.status_code == 200, (path, answer.status_code)
        if i:  # the first request warms caches
            times.append(elapsed * 1000)
    event.remove(engine, "before_cursor_execute", count)
    return statistics.median(times), max(times), len(statements) // repeat


def _measure(app, client, repeat: int) -> dict[str, tuple[float, float, int]]:  # type: ignore[no-untyped-def]
    return {path: _time(app, client, path, repeat) for path in ("/healthz", *PAGES)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    app, db = demo_app(args.database_url, "dashboard-bench-")

    from sqlalchemy import text

    from surveyapp.services.surveys import survey_by_slug
    from surveyapp.services.themes import queue_run, work

    run, _ = queue_run(db, survey_by_slug(db, "barriers"), actor="bench")
    db.commit()
    work(db, run.id)

    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', login)[1]
    signed = client.post(
        "/login", data={"csrf_token": token, "email": "analyst@demo.test", "password": PASSWORD}
    )
    assert signed.status_code == 302, "sign-in failed"

    small = _measure(app, client, args.repeat)
    started = time.perf_counter()
    total = _grow(db, args.responses)
    db.execute(text("ANALYZE"))  # as autovacuum does after a day of answers; the planner needs it
    db.commit()
    grow_s = time.perf_counter() - started
    large = _measure(app, client, args.repeat)
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"dashboard pages, {database}, analyst signed in, Flask test client in one process")
    print(
        f"stored: {total:,} responses (copies of the 321 demo "
        f"responses with their answers and theme assignments; {grow_s:.0f} s to store)"
    )
    hello = large["/healthz"][0]
    size = f"{total // 1000}k ms"
    print(f"{'page':<52} {'demo ms':>8} {size:>8} {'worst':>8} {'x hello':>8} {'SQL':>4}")
    for path in PAGES:
        s_med, _, _ = small[path]
        l_med, l_max, statements = large[path]
        print(f"{path:<52} {s_med:8.1f} {l_med:8.1f} {l_max:8.1f} {l_med / hello:8.0f} {statements:4d}")
    print(f"{'/healthz (hello-world baseline, 1 query)':<52} {small['/healthz'][0]:8.1f} {hello:8.1f}")
    db.close()


if __name__ == "__main__":
    main()
