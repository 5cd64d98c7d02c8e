"""Strengths kept out of barrier categories, on the demo: the share of answers to the strengths
question that carry a code of a barrier category (any code, and the primary one), mean of seeds.

    .venv/bin/python bench/analysis_strengths.py [--seeds 0,1,2]

Three ways to send the demo's free-text answers (`hardest`, `help_most`, `strengths`):
"together" gives every question the barrier role (what the demo did when its strengths question
was marked `themes`); "survey" gives each question the role its `instance::analysis` cell says
(the demo marks `strengths` as `assets`); "decided" leaves every role to the answers (the rule of
`analysis/roles.py`). A plain TF-IDF + KMeans baseline has no categories, so it has no such share.
Prints figures only.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import openpyxl
import pandas as pd

from analysis import ThemeOptions, find_themes, load_codebook
from analysis.roles import role_of

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "surveyapp" / "demo"
QUESTIONS = ("hardest", "help_most", "strengths")


def survey_roles() -> dict[str, str]:
    """Each free-text question's role as the demo workbook marks it."""
    sheet = openpyxl.load_workbook(DEMO / "barriers.xlsx", read_only=True)["survey"]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows))
    name, cell = header.index("name"), header.index("instance::analysis")
    return {str(r[name]): role_of(r[cell]) or "" for r in rows if r[name] in QUESTIONS}


def documents(roles: dict[str, str]) -> pd.DataFrame:
    frame = pd.read_csv(DEMO / "sample_answers.csv", dtype=str, keep_default_na=False)
    rows = [
        {"id": f"{i}:{q}", "text": row[q], "lang": row["lang"], "question": q, "role": roles[q]}
        for i, row in frame.iterrows()
        for q in QUESTIONS
        if row[q].strip()
    ]
    return pd.DataFrame(rows)


def shares(docs: pd.DataFrame, seed: int) -> tuple[float, float]:
    barrier = {c.id for c in load_codebook().categories if c.kind != "asset"}
    result = find_themes(docs, ThemeOptions(k="auto", seed=seed))
    assert result.codes is not None  # noqa: S101 - find_themes always codes
    codes = result.codes[result.codes["id"].str.endswith(":strengths")]
    primary = result.assignments[result.assignments["id"].str.endswith(":strengths")]
    answers = codes["id"].nunique()
    return (
        codes[codes["theme_id"].isin(barrier)]["id"].nunique() / answers,
        float(primary["theme_id"].isin(barrier).mean()),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2")
    seeds = [int(s) for s in parser.parse_args().seeds.split(",")]
    given = survey_roles()
    ways = {
        "together": dict.fromkeys(QUESTIONS, "barriers"),
        "survey": given,
        "decided": dict.fromkeys(QUESTIONS, ""),
    }
    print(f"demo survey roles: {given}")
    print(f"{'roles':<10} {'any code in a barrier category':>32} {'primary':>9}   (mean of seeds {seeds})")
    for way, roles in ways.items():
        docs = documents(roles)
        figures = [shares(docs, seed) for seed in seeds]
        anyc = sum(f[0] for f in figures) / len(figures)
        prim = sum(f[1] for f in figures) / len(figures)
        print(f"{way:<10} {100 * anyc:>31.1f}% {100 * prim:>8.1f}%")


if __name__ == "__main__":
    main()
