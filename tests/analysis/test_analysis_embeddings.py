"""The optional embeddings backend: loads the packaged model offline and changes themes for the better.

These tests load the real all-MiniLM-L6-v2 model. Without the `embeddings` extra they are skipped
on a developer machine, but fail in CI (CI set), where the extra must be installed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import ThemeOptions, embed, find_themes
from analysis.__main__ import main
from tests.fixtures.corpus import make_corpus

# English childcare answers that share no word with each other and barely touch the codebook.
PARAPHRASES = [
    "Who will look after my little ones while I study?",
    "My toddler has nobody to stay with when I am at class",
    "I would come if someone could mind the baby for a few hours",
    "There is no one at home to take care of my son and daughter after school",
]


@pytest.fixture(scope="module", autouse=True)
def _backend_installed() -> None:
    if embed.available():
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the embeddings tests: {embed.MISSING}")
    pytest.skip("the 'embeddings' extra is not installed (CI unset)")


def _with_paraphrases() -> pd.DataFrame:
    extra = pd.DataFrame(
        {
            "id": [f"para-{i}" for i in range(len(PARAPHRASES))],
            "text": PARAPHRASES,
            "lang": "en",
            "truth": "childcare",
        }
    )
    return pd.concat([make_corpus(), extra], ignore_index=True)


def test_model_loads_offline_from_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(embed.MODEL_ENV, raising=False)
    vectors = embed.encode(
        ["I have no childcare for my kids", "Nobody can watch my children", "The bus is late", ""]
    )
    assert vectors.shape == (4, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-4)
    assert not vectors[3].any()
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert (embed.model_dir() / "model.safetensors").is_file()


def test_english_paraphrases_join_the_childcare_theme() -> None:
    docs = _with_paraphrases()
    result = find_themes(docs, ThemeOptions(backend="embeddings"))
    a = result.assignments.set_index("id")["theme_id"]
    assert set(a[a.index.str.startswith("para-")]) == {"childcare"}
    # Answers in other languages still meet the English ones through the codebook.
    assert set(a[a.index.str.startswith("childcare-")]) == {"childcare"}
    assert set(a[a.index.str.startswith("transport-")]) == {"transportation"}
    assert set(a[a.index.str.startswith("unclear-")]) == {"other"}
    assert result.params["backend"] == "embeddings"


def test_non_english_answers_get_the_embedding_of_their_category() -> None:
    docs = make_corpus()
    result = find_themes(docs, ThemeOptions(backend="embeddings"))
    a = result.assignments.set_index("id")["theme_id"]
    spanish = docs.loc[(docs["truth"] == "childcare") & (docs["lang"] == "es"), "id"]
    assert set(a[spanish]) == {"childcare"}
    assert find_themes(docs, ThemeOptions(backend="embeddings")).to_json() == result.to_json()


def test_cli_backend_flag(tmp_path: Path) -> None:
    source = tmp_path / "answers.csv"
    _with_paraphrases().to_csv(source, index=False)
    out = tmp_path / "out"
    argv = ["themes", str(source), "--lang-col", "lang", "--backend", "embeddings"]
    assert main([*argv, "--out", str(out), "--quiet"]) == 0
    themes = json.loads((out / "themes.json").read_text("utf-8"))
    assert themes["params"]["backend"] == "embeddings"
    assigned = pd.read_csv(out / "assignments.csv", dtype=str).set_index("id")["theme_id"]
    assert set(assigned[[f"para-{i}" for i in range(len(PARAPHRASES))]]) == {"childcare"}


def test_cli_rejects_a_directory_without_a_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "answers.csv"
    make_corpus().to_csv(source, index=False)
    argv = ["themes", str(source), "--backend", "embeddings", "--embedding-model", str(tmp_path)]
    assert main([*argv, "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "no sentence-transformers model" in err[0]
