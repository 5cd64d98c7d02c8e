"""Several codes per answer: answers naming two barriers carry both, each code with its evidence.

`data/two_barriers.csv` holds 40 answers written for these tests, five in each of en, es, ar, so,
vi, fr, ht and ne, each naming two barriers (column `codes`). They are analysed together with the
demo's free-text answers, as the app does, with the default options and the shipped codebook.
Measured when written: both codes found for 32 of 40 (80 %), 95 % of the codes given correct; the
misses are words the codebook lacks (Somali "bas"/"carruur", Vietnamese "xe", French "de nuit").
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import ThemeOptions, ThemeResult, find_themes
from analysis.edits import merge_edits
from tests.fixtures.corpus import make_corpus

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "surveyapp" / "demo" / "sample_answers.csv"
TWO = Path(__file__).with_name("data") / "two_barriers.csv"


def _demo_docs() -> pd.DataFrame:
    rows = pd.read_csv(DEMO, dtype=str, keep_default_na=False)
    docs = [
        {"id": f"demo-{i}-{q}", "text": row[q], "lang": row["lang"]}
        for i, row in rows.iterrows()
        for q in ("hardest", "help_most")
        if row[q].strip()
    ]
    return pd.DataFrame(docs)


@pytest.fixture(scope="module")
def two() -> pd.DataFrame:
    return pd.read_csv(TWO, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def demo_run(two: pd.DataFrame) -> ThemeResult:
    frame = pd.concat([_demo_docs(), two[["id", "text", "lang"]]], ignore_index=True)
    return find_themes(frame, ThemeOptions())


def test_two_barrier_answers_get_both_codes_in_eight_languages(
    demo_run: ThemeResult, two: pd.DataFrame
) -> None:
    assert set(two["lang"]) == {"en", "es", "ar", "so", "vi", "fr", "ht", "ne"}
    assert demo_run.codes is not None
    got = demo_run.codes.groupby("id")["theme_id"].apply(set)
    expected = {row.id: set(row.codes.split()) for row in two.itertuples()}
    both = sum(codes <= got[doc] for doc, codes in expected.items())
    given = sum(len(got[doc]) for doc in expected)
    correct = sum(len(got[doc] & codes) for doc, codes in expected.items())
    assert both / len(expected) >= 0.8
    assert correct / given >= 0.9
    # Each language has at least one answer with both codes found.
    found_in = {two.set_index("id").loc[doc, "lang"] for doc in expected if expected[doc] <= got[doc]}
    assert len(found_in) >= 7


def test_every_answer_has_one_primary_code_equal_to_its_assignment(demo_run: ThemeResult) -> None:
    codes = demo_run.codes
    assert codes is not None
    assignments = demo_run.assignments
    assert set(codes["id"]) == set(assignments["id"])
    primary = codes[codes["primary"]]
    assert primary["id"].is_unique
    assert len(primary) == len(assignments)
    assert dict(zip(primary["id"], primary["theme_id"], strict=True)) == dict(
        zip(assignments["id"], assignments["theme_id"], strict=True)
    )
    assert not codes.duplicated(["id", "theme_id"]).any()
    # Rows sum past the number of answers: some carry more than one code.
    assert len(codes) > len(assignments)
    coded = codes.groupby("theme_id")["id"].nunique()
    for theme in demo_run.themes:
        assert theme.coded == coded.get(theme.id, 0) >= theme.size


def test_codes_carry_their_evidence(demo_run: ThemeResult, two: pd.DataFrame) -> None:
    codes = demo_run.codes
    assert codes is not None
    en1 = codes[codes["id"] == "en-1"].set_index("theme_id")
    assert "bus" in en1.loc["transportation", "evidence"]
    assert "watch" in en1.loc["childcare", "evidence"]
    emergent = codes[codes["theme_id"].str.startswith("emergent-")]
    assert len(emergent)
    assert emergent["evidence"].str.startswith("similarity: ").all()
    codebook = codes[codes["theme_id"].isin(["transportation", "childcare", "cost"])]
    assert codebook["evidence"].str.match(r"^(terms|similarity): ").all()
    assert codes["score"].between(-1, 1).all()


def test_team_adds_and_removes_codes_and_the_next_run_keeps_them() -> None:
    corpus = make_corpus()
    first = find_themes(corpus, ThemeOptions())
    edits = {
        "codes_added": {"record-0": ["childcare"], "childcare-0": ["nonexistent"]},
        "codes_removed": {"childcare-1": ["childcare"]},  # its primary: a move changes that
    }
    second = find_themes(corpus, ThemeOptions(), previous=first, edits=edits)
    codes = second.codes
    assert codes is not None
    pairs = set(zip(codes["id"], codes["theme_id"], strict=True))
    assert ("record-0", "childcare") in pairs
    assert ("childcare-0", "nonexistent") not in pairs
    assert ("childcare-1", "childcare") in pairs
    added = codes[(codes["id"] == "record-0") & (codes["theme_id"] == "childcare")]
    assert added["evidence"].tolist() == ["team"]
    assert not added["primary"].any()
    later = merge_edits(second.edits, {"codes_removed": {"record-0": ["childcare"]}})
    third = find_themes(corpus, ThemeOptions(), previous=second, edits=later)
    assert third.codes is not None
    assert ("record-0", "childcare") not in set(zip(third.codes["id"], third.codes["theme_id"]))
    # The newer removal cancels the older addition; the rest of the edits stay.
    assert third.edits["codes_added"] == {"childcare-0": ["nonexistent"]}
    assert third.edits["codes_removed"] == {
        "childcare-1": ["childcare"],
        "record-0": ["childcare"],
    }


def test_a_moved_answer_leaves_its_theme_whatever_its_words_until_the_team_adds_it_back() -> None:
    corpus = make_corpus()
    before = find_themes(corpus, ThemeOptions())
    assert before.codes is not None
    mine = before.codes[before.codes["id"] == "childcare-0"]
    assert mine.set_index("theme_id").loc["childcare", "evidence"].startswith("terms: ")
    moved = {"moves": {"childcare-0": "transportation"}}
    result = find_themes(corpus, ThemeOptions(), edits=moved)
    assert result.codes is not None
    mine = result.codes[result.codes["id"] == "childcare-0"]
    assert mine["theme_id"].tolist() == ["transportation"]
    assert mine["primary"].tolist() == [True]
    added = {**moved, "codes_added": {"childcare-0": ["childcare"]}}
    result = find_themes(corpus, ThemeOptions(), edits=added)
    assert result.codes is not None
    mine = result.codes[result.codes["id"] == "childcare-0"].set_index("theme_id")
    assert mine.loc["transportation", "primary"]
    assert not mine.loc["childcare", "primary"]


def test_cli_writes_codes_csv_and_previous_carries_code_edits(tmp_path: Path) -> None:
    source = tmp_path / "answers.csv"
    make_corpus().to_csv(source, index=False)
    edits = tmp_path / "edits.json"
    edits.write_text(json.dumps({"codes_added": {"record-1": ["transportation"]}}))

    def run(out: Path, *extra: str) -> pd.DataFrame:
        cmd = [sys.executable, "-m", "analysis", "themes", str(source), "--lang-col", "lang"]
        proc = subprocess.run(
            [*cmd, *extra, "--out", str(out), "--quiet"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        return pd.read_csv(out / "codes.csv", dtype=str, keep_default_na=False)

    first = run(tmp_path / "one", "--edits", str(edits))
    assert list(first.columns)[:4] == ["id", "theme_id", "score", "primary"]
    assert set(first["id"]) == set(make_corpus()["id"])
    assert set(first["primary"]) == {"0", "1"}
    assignments = pd.read_csv(tmp_path / "one" / "assignments.csv", dtype=str)
    primary = first[first["primary"] == "1"]
    assert dict(zip(primary["id"], primary["theme_id"])) == dict(
        zip(assignments["id"], assignments["theme_id"])
    )
    second = run(tmp_path / "two", "--previous", str(tmp_path / "one"))
    assert ((second["id"] == "record-1") & (second["theme_id"] == "transportation")).any()
    loaded = ThemeResult.load(tmp_path / "two")
    assert loaded.codes is not None
    assert loaded.codes["primary"].dtype == bool


def test_a_barrier_people_name_second_is_a_theme_of_its_own() -> None:
    """Clothing is never these answers' main barrier, yet every one of them names it plainly:
    it is a theme, and each answer carries its code."""
    second = [
        "The bus is late every day and the train is slow, and I have no work boots",
        "No car, the bus takes two hours, and I have no winter coat",
        "The bus does not come on time and I cannot afford a ride, and my uniform is torn",
        "I have no car and the bus is far, and I have no shoes for work",
    ]
    ids = [f"second-{i}" for i in range(len(second))]
    corpus = pd.concat([make_corpus(), pd.DataFrame({"id": ids, "text": second, "lang": "en"})])
    result = find_themes(corpus, ThemeOptions())
    assert "clothing" in {t.id for t in result.themes}
    codes = result.codes
    assert codes is not None
    clothing = codes[codes["theme_id"] == "clothing"]
    assert set(ids) <= set(clothing["id"])
