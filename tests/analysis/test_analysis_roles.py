"""Barriers and strengths apart: strengths answers are themed against asset categories only, the
role comes from a column (the CLI's --role-col) or, when absent, from the question's answers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import ThemeOptions, find_themes, load_codebook
from analysis.__main__ import main
from analysis.results import ThemeResult

DEMO = Path(__file__).resolve().parents[2] / "surveyapp" / "demo" / "sample_answers.csv"
QUESTIONS = ("hardest", "help_most", "strengths")


def _demo_docs(strengths_role: str) -> pd.DataFrame:
    frame = pd.read_csv(DEMO, dtype=str, keep_default_na=False)
    rows = [
        {"id": f"{i}:{q}", "text": row[q], "lang": row["lang"], "question": q,
         "role": strengths_role if q == "strengths" else "barriers"}
        for i, row in frame.iterrows()
        for q in QUESTIONS
        if row[q]
    ]  # fmt: skip
    return pd.DataFrame(rows)


def _strengths_in_barrier_categories(result: ThemeResult) -> float:
    """Share of strengths answers carrying at least one code of a barrier category."""
    barrier = {c.id for c in load_codebook().categories if c.kind != "asset"}
    assert result.codes is not None
    codes = result.codes[result.codes["id"].str.endswith(":strengths")]
    answers = codes["id"].nunique()
    assert answers > 100
    return codes[codes["theme_id"].isin(barrier)]["id"].nunique() / answers


def test_demo_strengths_answers_stay_out_of_barrier_categories() -> None:
    together = find_themes(_demo_docs("barriers"))
    apart = find_themes(_demo_docs("assets"))
    # Themed with the barriers, about half land in barrier categories; apart, none may (<= 5 %).
    assert _strengths_in_barrier_categories(together) > 0.3
    assert _strengths_in_barrier_categories(apart) <= 0.05
    roles = {t.id: t.role for t in apart.themes}
    primary = dict(zip(apart.assignments["id"], apart.assignments["theme_id"], strict=True))
    for doc_id, theme_id in primary.items():
        assert roles[theme_id] == ("assets" if doc_id.endswith(":strengths") else "barriers")
    asset_ids = {t.id for t in apart.themes if t.role == "assets"}
    assert "skills" in asset_ids or "experience" in asset_ids
    assert not asset_ids & {t.id for t in apart.themes if t.role == "barriers"}


def test_a_question_without_a_role_is_an_asset_question_when_its_answers_match_assets() -> None:
    assets = ["I am bilingual", "Ten years of experience as a cook", "I have skills in carpentry",
              "I worked as a nurse", "I am fluent in French", "I volunteer at the mosque"]  # fmt: skip
    barriers = ["The bus is late", "No childcare at night", "The course costs too much",
                "I have no car and the bus is slow", "Rent is too high", "No internet at home"]  # fmt: skip
    docs = pd.DataFrame(
        [{"id": f"a{i}", "text": t, "lang": "en", "question": "bring"} for i, t in enumerate(assets)]
        + [{"id": f"b{i}", "text": t, "lang": "en", "question": "hard"} for i, t in enumerate(barriers)]
    ).assign(role="")
    result = find_themes(docs, ThemeOptions(min_theme_size=1))
    roles = {t.id: t.role for t in result.themes}
    got = {row.id: roles[row.theme_id] for row in result.assignments.itertuples()}
    assert {got[f"a{i}"] for i in range(len(assets))} == {"assets"}
    assert {got[f"b{i}"] for i in range(len(barriers))} == {"barriers"}
    assert result.selection["roles"] == {"barriers": 6, "assets": 6}


def test_cli_role_column_and_previous_run_keep_strengths_apart(tmp_path: Path) -> None:
    source = tmp_path / "answers.csv"
    _demo_docs("assets").rename(columns={"role": "kind", "question": "q"}).to_csv(source, index=False)
    out = tmp_path / "out"
    args = ["themes", str(source), "--role-col", "kind", "--question-col", "q", "--quiet"]
    assert main([*args, "--out", str(out)]) == 0
    first = ThemeResult.load(out)
    assert _strengths_in_barrier_categories(first) == 0.0
    again = tmp_path / "again"
    assert main([*args, "--previous", str(out), "--out", str(again)]) == 0
    second = ThemeResult.load(again)
    assert _strengths_in_barrier_categories(second) == 0.0
    assert {t.id for t in second.themes if t.role == "assets"} == {
        t.id for t in first.themes if t.role == "assets"
    }
    assert main([*args[:-1], "--role-col", "nope", "--out", str(tmp_path / "x")]) == 2
