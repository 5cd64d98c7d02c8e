"""The CLI: output files, progress, --previous, and one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.__main__ import main
from tests.fixtures.corpus import make_corpus

ROOT = Path(__file__).resolve().parents[2]


def _csv(tmp_path: Path) -> Path:
    frame = make_corpus()
    frame.loc[0, "text"] = 'I have no childcare <script>alert("x")</script>'
    path = tmp_path / "answers.csv"
    frame.to_csv(path, index=False)
    return path


def test_cli_writes_the_three_outputs(tmp_path: Path) -> None:
    source = _csv(tmp_path)
    out = tmp_path / "out"
    edits = tmp_path / "edits.json"
    edits.write_text(json.dumps({"renames": {"transportation": "<script>alert(1)</script>"}}))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "themes",
            str(source),
            "--id-col",
            "id",
            "--text-col",
            "text",
            "--lang-col",
            "lang",
            "--k",
            "auto",
            "--by",
            "gender",
            "--edits",
            str(edits),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "preprocessing" in proc.stderr
    assignments = pd.read_csv(out / "assignments.csv", dtype=str)
    assert list(assignments.columns) == ["id", "theme_id", "theme_label", "score"]
    assert sorted(assignments["id"]) == sorted(make_corpus()["id"])
    themes = json.loads((out / "themes.json").read_text("utf-8"))
    childcare = next(t for t in themes["themes"] if t["id"] == "childcare")
    assert childcare["category"] == "childcare"
    assert set(childcare["top_terms"]) == {"en", "es", "ar"}
    assert {"id", "text", "lang"} <= set(childcare["quotes"][0])
    assert themes["k_selection"]["criterion"]
    html = (out / "summary.html").read_text("utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "http://" not in html
    assert "https://" not in html
    assert "Childcare" in html
    assert "By gender" in html


def test_cli_previous_keeps_edits(tmp_path: Path) -> None:
    source = _csv(tmp_path)
    assert main(["themes", str(source), "--lang-col", "lang", "--out", str(tmp_path / "a"), "--quiet"]) == 0
    edits = tmp_path / "edits.json"
    edits.write_text(json.dumps({"renames": {"childcare": "Kids"}, "hidden": ["transportation"]}))
    assert (
        main(
            [
                "themes",
                str(source),
                "--lang-col",
                "lang",
                "--previous",
                str(tmp_path / "a"),
                "--edits",
                str(edits),
                "--out",
                str(tmp_path / "b"),
                "--quiet",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "themes",
                str(source),
                "--lang-col",
                "lang",
                "--previous",
                str(tmp_path / "b"),
                "--out",
                str(tmp_path / "c"),
                "--quiet",
            ]
        )
        == 0
    )
    themes = {t["id"]: t for t in json.loads((tmp_path / "c" / "themes.json").read_text())["themes"]}
    assert themes["childcare"]["label"] == "Kids"
    assert themes["transportation"]["hidden"] is True


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"id,text\n1,hello\n", ["--text-col", "answer"], "missing column 'answer'"),
        (b"", [], "is empty"),
        (b"id,text\n", [], "no rows"),
        ("id,text\n1,ni\xf1os sin guarder\xeda\n".encode("latin-1"), [], "not UTF-8"),
        (b"id,text\n1,\n2,  \n", [], "all texts are empty"),
        (b"id,text\n1,a\n1,b\n", [], "duplicate ids"),
        (b"id,text\n1,bus\n", ["--k", "0"], "k must be"),
    ],
)
def test_bad_input_gives_one_line_and_nonzero_exit(
    tmp_path: Path,
    content: bytes,
    args: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    assert main(["themes", str(path), "--out", str(tmp_path / "o"), "--quiet", *args]) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert message in lines[0]
    assert not (tmp_path / "o").exists()


def test_error_in_a_subprocess_has_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"id,text\n1,\n")
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "themes", str(path), "--out", str(tmp_path / "o")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: all texts are empty"


def test_missing_file_and_bad_codebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["themes", str(tmp_path / "none.csv"), "--out", str(tmp_path / "o")]) == 2
    source = _csv(tmp_path)
    assert (
        main(
            [
                "themes",
                str(source),
                "--codebook",
                str(tmp_path / "cb.json"),
                "--out",
                str(tmp_path / "o"),
                "--quiet",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("error: input file not found")
    assert err[1].startswith("error: codebook file not found")


def test_missing_embeddings_extra_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis import embed

    monkeypatch.setattr(embed, "available", lambda: False)
    source = _csv(tmp_path)
    argv = ["themes", str(source), "--backend", "embeddings", "--out", str(tmp_path / "o"), "--quiet"]
    assert main(argv) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1
    assert "embeddings backend is not installed" in err[0]
    assert "pip install" in err[0]
