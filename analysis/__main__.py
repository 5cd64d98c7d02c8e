"""Command line: `python -m analysis themes INPUT.csv --id-col id --text-col text --out DIR`.

Bad input ends with one line on stderr and exit status 2, never a traceback: the people running
this are analysts, not developers.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

from analysis.edits import merge_edits
from analysis.pipeline import ThemeOptions, find_themes
from analysis.report import render
from analysis.results import ThemeResult
from analysis.summarize import prevalence


class InputError(Exception):
    """A problem with the user's input, reported as one line."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis", description="Cluster free-text answers into barrier themes."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    themes = sub.add_parser("themes", help="find themes in a CSV of answers")
    themes.add_argument("input", help="UTF-8 CSV file, one answer per row")
    themes.add_argument("--id-col", default="id")
    themes.add_argument("--text-col", default="text")
    themes.add_argument("--lang-col", default=None, help="ISO 639-1 codes; detected when absent")
    themes.add_argument(
        "--role-col",
        default=None,
        help="column of each answer's role: barriers (or themes), assets (or strengths), or empty "
        "to decide per question (the app's instance::analysis)",
    )
    themes.add_argument(
        "--question-col",
        default=None,
        help="column naming each answer's question (for roles decided from answers)",
    )
    themes.add_argument("--k", default="auto", help="'auto' or a number of themes")
    themes.add_argument("--codebook", default=None, help="team codebook file (JSON or CSV)")
    themes.add_argument("--previous", default=None, help="output directory of an earlier run")
    themes.add_argument("--edits", default=None, help="JSON file of team edits")
    themes.add_argument("--by", default="", help="comma-separated attribute columns for prevalence")
    themes.add_argument("--min-cell", type=int, default=10, help="smallest count shown (default 10)")
    themes.add_argument("--seed", type=int, default=0)
    themes.add_argument(
        "--backend",
        choices=("tfidf", "embeddings"),
        default="tfidf",
        help="text vectors: stemmed TF-IDF (default) or, with the 'embeddings' extra, "
        "sentence embeddings of English answers joined to it",
    )
    themes.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes for preprocessing inputs of 20,000+ distinct texts (default 1; more help "
        "only on idle cores)",
    )
    themes.add_argument(
        "--embedding-model",
        default=None,
        help="local sentence-transformers model directory (default: the packaged all-MiniLM-L6-v2)",
    )
    themes.add_argument("--out", required=True, help="output directory")
    themes.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"input file not found: {path}")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 (byte {exc.start}); save it as UTF-8 CSV") from exc
    except pd.errors.EmptyDataError as exc:
        raise InputError(f"{path} is empty") from exc
    except pd.errors.ParserError as exc:
        raise InputError(f"{path} is not a readable CSV: {str(exc).splitlines()[0]}") from exc
    if frame.empty:
        raise InputError(f"{path} has a header but no rows")
    return frame


def _read_json(path: Path, what: str) -> dict[str, object]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read {what} {path}: {str(exc).splitlines()[0]}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{what} {path} must be a JSON object")
    return data


def run_themes(args: argparse.Namespace) -> None:
    """Read, analyse, write assignments.csv, themes.json, edits.json and summary.html."""
    start = time.monotonic()

    def say(message: str) -> None:
        if not args.quiet:
            print(f"[analysis {time.monotonic() - start:6.1f}s] {message}", file=sys.stderr)

    frame = _read_csv(Path(args.input))
    named = [args.lang_col, args.role_col, args.question_col]
    for col in [args.id_col, args.text_col] + [c for c in named if c]:
        if col not in frame.columns:
            raise InputError(f"missing column '{col}' in {args.input} (columns: {', '.join(frame.columns)})")
    by = [c.strip() for c in args.by.split(",") if c.strip()]
    for col in by:
        if col not in frame.columns:
            raise InputError(f"missing attribute column '{col}' in {args.input}")
    previous = None
    edits: dict[str, object] = {}
    if args.previous:
        prev_dir = Path(args.previous)
        if not (prev_dir / "themes.json").is_file() or not (prev_dir / "assignments.csv").is_file():
            raise InputError(f"--previous {prev_dir} has no themes.json and assignments.csv")
        previous = ThemeResult.load(prev_dir)
        edits = dict(previous.edits)
    if args.edits:
        edits = merge_edits(edits, _read_json(Path(args.edits), "edits file"))
    options = ThemeOptions(
        k=args.k,
        codebook=args.codebook,
        id_col=args.id_col,
        text_col=args.text_col,
        lang_col=args.lang_col,
        role_col=args.role_col,
        question_col=args.question_col,
        seed=args.seed,
        backend=args.backend,
        embedding_model=args.embedding_model,
        workers=args.workers,
    )
    result = find_themes(frame, options, previous=previous, edits=edits, progress=say)
    labels = {t.id: t.label for t in result.themes}
    attrs = frame.rename(columns={args.id_col: "id"})
    tables = [
        prevalence(result.assignments, attrs, col, min_count=args.min_cell, theme_labels=labels) for col in by
    ]
    out = Path(args.out)
    result.save(out)
    for table in tables:
        table.counts.to_csv(out / f"prevalence_{table.attribute}.csv")
    (out / "summary.html").write_text(render(result, tables), encoding="utf-8")
    say(f"wrote {len(result.assignments)} assignments and {len(result.themes)} themes to {out}")


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "themes":
            run_themes(args)
    except (InputError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
