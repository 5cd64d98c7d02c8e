"""Two analysts saving at once lose nothing: parallel requests, each adding its own word on the page
of the same version, end as consecutive versions holding every word (SQLite by default, PostgreSQL
with TEST_DATABASE_URL); the unique (survey, number) constraint stands behind it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from surveyapp.models import CodebookVersion
from surveyapp.services import codebooks

from ..fixtures.staff import csrf_of
from ..fixtures.team import barriers

PARALLEL = 4
TRIALS = 3
# One new word per request, none of them a childcare word yet (nor sharing a stem).
WORDS = [
    ["grandmother", "neighbour", "playground", "lullaby"],
    ["stroller", "pacifier", "kindergartner", "sandbox"],
    ["crayons", "storytime", "naptime", "teething"],
]


def in_parallel(count: int, work: Callable[[int, threading.Barrier], Any]) -> list[Any]:
    """Run `work(i, barrier)` in `count` threads; a thread's exception is raised here."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = work(i, barrier)
        except BaseException as exc:  # noqa: BLE001 (re-raised in the main thread)
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def test_parallel_saves_on_the_same_version_keep_every_change(
    demo: Session, sign_in: Callable[..., FlaskClient]
) -> None:
    clients = [sign_in("analyst@demo.test" if i % 2 else "admin@demo.test") for i in range(PARALLEL)]
    page = "/team/codebook/categories/childcare"
    for trial in range(TRIALS):
        base = codebooks.current(demo, barriers(demo)).number
        tokens = [csrf_of(client.get(page)) for client in clients]

        def add(i: int, barrier: threading.Barrier, trial: int = trial) -> tuple[int, str]:
            barrier.wait()  # every analyst saw version `base` before any saves
            answer = clients[i].post(
                f"{page}/words",
                data={
                    "csrf_token": tokens[i],
                    "survey": "barriers",
                    "base": str(base),
                    "lang": "en",
                    "term": WORDS[trial][i],
                },
            )
            return answer.status_code, answer.headers.get("Location", "")

        answers = in_parallel(PARALLEL, add)
        assert [status for status, _ in answers] == [303] * PARALLEL, trial
        demo.expire_all()
        numbers = demo.scalars(
            select(CodebookVersion.number)
            .where(CodebookVersion.number > base)
            .order_by(CodebookVersion.number)
        ).all()
        assert numbers == list(range(base + 1, base + PARALLEL + 1)), trial
        words = {
            t for t, _ in codebooks.current(demo, barriers(demo)).codebook.category("childcare").terms["en"]
        }  # type: ignore[union-attr]
        assert set(WORDS[trial]) <= words, trial


def test_the_database_refuses_two_versions_with_one_number(demo: Session) -> None:
    survey = barriers(demo)
    demo.add(CodebookVersion(survey_id=survey.id, number=1, change={}, codebook=codebooks.shipped()))
    demo.commit()
    demo.add(CodebookVersion(survey_id=survey.id, number=1, change={}, codebook=codebooks.shipped()))
    with pytest.raises(IntegrityError):
        demo.commit()
    demo.rollback()
