"""Clause-level coding: a barrier named in a clause of its own is weighed against that clause.

`data/clause_barriers.csv` holds answers written for these tests: rows `*-c1` (one per survey
language) name cost with three or four words in one clause and transportation with one word in
another, so that weighed against the whole answer transportation falls under the half-score rule;
rows `*-r1` name a barrier and, in another clause, a passing related word ("my children") that is
no barrier; rows `*-w1` name cost plainly and childcare, in a clause of its own, only with related
words ("my kids get out of school at two"). They are analysed among the demo's free-text answers,
as the app does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import ThemeOptions, ThemeResult, find_themes
from analysis.clauses import clause_starts, clause_text
from analysis.codebook import load_codebook
from analysis.multicode import CodeRules
from analysis.preprocess import process

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "surveyapp" / "demo" / "sample_answers.csv"
CLAUSES = Path(__file__).with_name("data") / "clause_barriers.csv"


def _docs() -> pd.DataFrame:
    rows = pd.read_csv(DEMO, dtype=str, keep_default_na=False)
    demo = [
        {"id": f"demo-{i}-{q}", "text": row[q], "lang": row["lang"]}
        for i, row in rows.iterrows()
        for q in ("hardest", "help_most")
        if row[q].strip()
    ]
    written = pd.read_csv(CLAUSES, dtype=str, keep_default_na=False)
    return pd.concat([pd.DataFrame(demo), written[["id", "text", "lang"]]], ignore_index=True)


@pytest.fixture(scope="module")
def written() -> pd.DataFrame:
    return pd.read_csv(CLAUSES, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def run() -> ThemeResult:
    return find_themes(_docs(), ThemeOptions())


def _codes(result: ThemeResult, doc_id: str) -> pd.DataFrame:
    assert result.codes is not None
    return result.codes[result.codes["id"] == doc_id].set_index("theme_id")


@pytest.mark.parametrize("lang", ["en", "es", "ar", "so", "ne", "fr", "ht", "vi"])
def test_two_barriers_in_two_clauses_get_both_codes(run: ThemeResult, lang: str) -> None:
    codes = _codes(run, f"{lang}-c1")
    assert {"cost", "transportation"} <= set(codes.index)
    assert codes.loc["cost", "primary"]
    assert not codes.loc["transportation", "primary"]


@pytest.mark.parametrize("lang", ["en", "es", "ar", "so", "ne"])
def test_the_second_barrier_is_found_in_its_clause_alone(
    run: ThemeResult, written: pd.DataFrame, lang: str
) -> None:
    """Weighed against the whole answer the one transport word is under half of cost's score;
    the evidence quotes the clause that names it."""
    row = written.set_index("id").loc[f"{lang}-c1"]
    codebook = load_codebook()
    scores = codebook.match(process(row["text"], lang).stems, lang)
    cost, transport = (scores[codebook.ids.index(c)] for c in ("cost", "transportation"))
    assert transport < CodeRules().ratio * cost
    evidence = _codes(run, f"{lang}-c1").loc["transportation", "evidence"]
    assert evidence.startswith("terms: ")
    assert 'clause: "' in evidence
    assert "clause" not in _codes(run, f"{lang}-c1").loc["cost", "evidence"]


def test_the_english_evidence_names_the_word_and_its_clause(run: ThemeResult) -> None:
    evidence = _codes(run, "en-c1").loc["transportation", "evidence"]
    # The codebook's longest matching phrase ("no car") is the term that names it.
    assert evidence == 'terms: no car; clause: "and i have no car"'


@pytest.mark.parametrize("doc_id", ["en-r1", "es-r1"])
def test_a_passing_related_word_in_its_own_clause_is_no_code(run: ThemeResult, doc_id: str) -> None:
    codes = _codes(run, doc_id)
    assert "transportation" in codes.index
    assert "childcare" not in codes.index


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_a_clause_of_related_words_alone_names_the_category_they_favour(run: ThemeResult, lang: str) -> None:
    codes = _codes(run, f"{lang}-w1")
    assert codes.loc["cost", "primary"]
    evidence = codes.loc["childcare", "evidence"]
    assert not codes.loc["childcare", "primary"]
    assert evidence.startswith("terms: ")
    assert 'clause: "' in evidence


def test_the_primary_code_stays_the_assignment(run: ThemeResult) -> None:
    codes = run.codes
    assert codes is not None
    primary = codes[codes["primary"]]
    assert primary["id"].is_unique
    assert dict(zip(primary["id"], primary["theme_id"], strict=True)) == dict(
        zip(run.assignments["id"], run.assignments["theme_id"], strict=True)
    )
    assert not codes.duplicated(["id", "theme_id"]).any()


@pytest.mark.parametrize(
    ("lang", "text", "clauses"),
    [
        (
            "en",
            "The bus is late. I work nights; my kids are alone",
            ["the bus is late", "i work nights", "my kids are alone"],
        ),
        ("es", "El autobús tarda y no tengo guardería", ["el autobus tarda", "y no tengo guarderia"]),
        (
            "fr",
            "Le bus est loin mais je travaille parce que je dois payer",
            ["le bus est loin", "mais je travaille", "parce que je dois payer"],
        ),
        ("ht", "Bis la lwen epi mwen pa gen moun", ["bis la lwen", "epi mwen pa gen moun"]),
        (
            "ar",
            "الحافلة بعيدة، لا أملك سيارة؟ لأن المال قليل؛ والعمل صعب",
            ["الحافلة بعيدة", "لا املك سيارة", "لان المال قليل", "والعمل صعب"],
        ),
        (
            "so",
            "Baska waa fog iyo carruurta laakiin lacag ma jirto",
            ["baska waa fog", "iyo carruurta", "laakiin lacag ma jirto"],
        ),
        (
            "vi",
            "Xe buýt xa và tôi không có tiền nhưng tôi cần học",
            ["xe buyt xa", "va toi khong co tien", "nhung toi can hoc"],
        ),
        ("ne", "बस टाढा छ। पैसा छैन र बच्चा छ तर समय छैन", ["बस टाढा छ", "पैसा छैन", "र बच्चा छ", "तर समय छैन"]),
        # A word that merely starts with the Arabic "و" (وقت, time) starts no clause.
        ("ar", "ليس لدي وقت للدروس", ["ليس لدي وقت للدروس"]),
    ],
)
def test_answers_split_at_punctuation_and_conjunctions_of_their_language(
    lang: str, text: str, clauses: list[str]
) -> None:
    starts = clause_starts(text, lang, process(text, lang).stems)
    assert [clause_text(text, lang, starts, i) for i in range(len(starts))] == clauses


def test_cli_codes_csv_has_the_codes_found_in_clauses(tmp_path: Path) -> None:
    source = tmp_path / "answers.csv"
    _docs().to_csv(source, index=False)
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "themes", str(source), "--lang-col", "lang"]
        + ["--out", str(tmp_path / "out"), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    codes = pd.read_csv(tmp_path / "out" / "codes.csv", dtype=str, keep_default_na=False)
    for lang in ("en", "es", "ar", "so", "ne"):
        mine = codes[codes["id"] == f"{lang}-c1"].set_index("theme_id")
        assert mine.loc["transportation", "primary"] == "0"
        assert mine.loc["cost", "primary"] == "1"
