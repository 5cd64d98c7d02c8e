"""Per-text work of a run: language, preprocessed words and codebook scores of each distinct text.

This is the only per-text Python loop of the pipeline, so on large inputs it can be split over
worker processes (`workers` > 1). Each text is handled the same way wherever it runs, so the result
does not depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from analysis.codebook import Codebook
from analysis.preprocess import UNDETERMINED, Processed, detect_language, process, words

# Below this many distinct texts, starting workers costs more than it saves.
PARALLEL_MIN_TEXTS = 20_000

Scores = dict[int, float]


def _in_language(text: str, lang: str, toks: list[str], codebook: Codebook) -> tuple[Processed, Scores]:
    p = process(text, lang, codebook.keep_words(lang), toks)
    return p, codebook.match(p.stems, lang)


def _undetermined(text: str, toks: list[str], work_lang: str, codebook: Codebook) -> tuple[Processed, Scores]:
    """A text in no codebook language (undetermined: preprocessed in the corpus's main one): any
    codebook language may fit, so each category keeps its best match over all of them."""
    p = process(text, work_lang, codebook.keep_words(work_lang), toks)
    best: Scores = {}
    for cl in sorted(codebook.languages()):
        stems = p.stems if cl == work_lang else process(text, cl, tokens=toks).stems
        for ci, s in codebook.match(stems, cl).items():
            best[ci] = max(best.get(ci, 0.0), s)
    return p, best


def _chunk(
    texts: list[str], given: list[str], codebook: Codebook
) -> list[tuple[str, Processed | None, Scores]]:
    """Texts whose language is known or detected; undetermined ones wait for the fallback."""
    out: list[tuple[str, Processed | None, Scores]] = []
    code_langs = set(codebook.languages())
    for text, g in zip(texts, given, strict=True):
        toks = words(text)
        lang = g or detect_language(text, toks)
        if lang not in code_langs:
            out.append((lang, None, {}))
        else:
            out.append((lang, *_in_language(text, lang, toks, codebook)))
    return out


def _run_chunks(
    texts: list[str], given: list[str], codebook: Codebook, workers: int
) -> list[tuple[str, Processed | None, Scores]]:
    if workers <= 1 or len(texts) < PARALLEL_MIN_TEXTS:
        return _chunk(texts, given, codebook)
    bounds = np.linspace(0, len(texts), workers + 1).astype(int)
    # fork: workers start at once with the codebook and stemmer caches already built.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = pool.map(
            _chunk,
            [texts[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)],
            [given[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)],
            [codebook] * workers,
        )
        return [row for part in parts for row in part]


def prepare(
    u_given: list[str],
    u_text: list[str],
    weights: np.ndarray,
    codebook: Codebook,
    default_lang: str | None,
    workers: int = 1,
    say: Callable[[str], None] = lambda _msg: None,
) -> tuple[list[str], str, list[Processed], np.ndarray]:
    """Language, preprocessed words and codebook scores per distinct text, and the fallback
    language (the corpus's main one) used for texts whose language stays undetermined."""
    # Built once here, so forked workers inherit the phrase indexes instead of rebuilding them.
    for lang in codebook.languages():
        codebook.index(lang)
        codebook.keep_words(lang)
    rows = _run_chunks(u_text, u_given, codebook, workers)
    u_lang = [lang for lang, _, _ in rows]
    detected: defaultdict[str, float] = defaultdict(float)
    for lang, w in zip(u_lang, weights, strict=True):
        if lang != UNDETERMINED:
            detected[lang] += float(w)
    fallback = default_lang or (
        min(detected.items(), key=lambda kv: (-kv[1], kv[0]))[0] if detected else "en"
    )
    processed: list[Processed] = []
    scores = np.zeros((len(u_text), len(codebook.categories)), dtype=np.float32)
    for i, (lang, p, matched) in enumerate(rows):
        if p is None:
            work_lang = fallback if lang == UNDETERMINED else lang
            p, matched = _undetermined(u_text[i], words(u_text[i]), work_lang, codebook)
        processed.append(p)
        for ci, s in matched.items():
            scores[i, ci] = s
    say(f"  {len(u_text)} distinct texts preprocessed")
    return u_lang, fallback, processed, scores
