"""A changed codebook applies at the next run: the worker hands the survey's newest version to the
package as a codebook file, the run records the version, and the themes page says which it used."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import AnalysisRun, ThemeAssignment, ThemeCode
from surveyapp.services import codebooks

from ..fixtures.team import add_response, barriers, run_analysis

PAROLE = [
    "My parole officer wants me at his office every morning, so I miss class",
    "The parole meetings are at the same hour as the training",
    "I am on parole and the rules keep me home after six",
    "Parole check-ins take my whole Tuesday",
    "My parole conditions do not let me travel to the college",
    "Between parole and the court dates I have no time left",
    "Nobody hires a man on parole",
    "The parole office is across town and I go twice a week",
    "Parole says I must be home by eight, the evening classes end at nine",
    "I lose job offers when they hear about my parole",
    "The parole officer changes my appointments every week",
    "Parole fees eat what I would pay for the course",
]


def _codes_of(db: Session, run_id: int, doc_ids: list[str]) -> dict[str, set[str]]:
    rows = db.execute(
        select(ThemeAssignment.doc_id, ThemeCode.theme_id)
        .join(ThemeCode, ThemeCode.assignment_id == ThemeAssignment.id)
        .where(ThemeAssignment.run_id == run_id, ThemeAssignment.doc_id.in_(doc_ids))
    ).all()
    out: dict[str, set[str]] = {}
    for doc, theme in rows:
        out.setdefault(doc, set()).add(theme)
    return out


def test_a_new_category_changes_the_next_run_which_records_the_version(
    analyst: FlaskClient, demo: Session
) -> None:
    docs = [f"r:{add_response(demo, {'consent': 'yes', 'hardest': text})}:hardest" for text in PAROLE]
    before = run_analysis(demo)
    assert before.codebook_version_id is None
    assert "It used the shipped codebook." in analyst.get("/team/themes").get_data(as_text=True)
    assert not any("team-parole" in codes for codes in _codes_of(demo, before.id, docs).values())

    change = codebooks.add_category("barrier", {"en": "Parole"}, ["en"], terms={"en": "parole"})
    version, _ = codebooks.save(demo, barriers(demo), change, user=None)
    demo.commit()
    after = run_analysis(demo)
    assert after.codebook_version_id == version.id
    assert after.result is not None
    parole = next(t for t in after.result["themes"] if t["id"] == "team-parole")
    assert parole["kind"] == "codebook"
    assert parole["labels"] == {"en": "Parole"}
    codes = _codes_of(demo, after.id, docs)
    assert sum("team-parole" in c for c in codes.values()) == len(PAROLE)
    page = analyst.get("/team/themes").get_data(as_text=True)
    assert "It used codebook version 1." in page
    assert "Parole" in page


def test_a_removed_word_no_longer_places_answers_at_the_next_run(
    demo: Session, analysed: AnalysisRun
) -> None:
    survey = barriers(demo)
    before = analysed
    bus_docs = [
        d.doc_id
        for d in codebooks.catches(demo, survey, codebooks.current(demo, survey).codebook, "bus", "en")[1]
    ]
    assert bus_docs
    evidence_before = demo.scalars(
        select(ThemeCode.evidence)
        .join(ThemeAssignment, ThemeAssignment.id == ThemeCode.assignment_id)
        .where(ThemeAssignment.run_id == before.id, ThemeAssignment.doc_id.in_(bus_docs))
    ).all()
    assert any("bus" in e.removeprefix("terms: ").split(", ") for e in evidence_before)
    # "bus" is a word of five languages; evidence looks in the others when an answer's own has none.
    everywhere = [(lang, "bus") for lang in ("en", "es", "so", "fr", "ht")]
    codebooks.save(demo, survey, codebooks.remove_terms("transportation", everywhere), user=None)
    demo.commit()
    after = run_analysis(demo)
    evidence_after = demo.scalars(
        select(ThemeCode.evidence)
        .join(ThemeAssignment, ThemeAssignment.id == ThemeCode.assignment_id)
        .where(ThemeAssignment.run_id == after.id, ThemeAssignment.doc_id.in_(bus_docs))
    ).all()
    assert not any("bus" in e.removeprefix("terms: ").split(", ") for e in evidence_after), evidence_after
