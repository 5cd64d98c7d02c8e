"""Per-text work of a run: language, preprocessed words and codebook scores of each distinct text.

This is the only per-text Python loop of the pipeline, so on large inputs it can be split over
worker processes (`workers` > 1). Each text is handled the same way wherever it runs, so the result
does not depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.codebook import Codebook, FoundTerms
from analysis.preprocess import UNDETERMINED, Processed, detect_language, process, stemmer_for, words

# Below this many distinct texts, starting workers costs more than it saves.
PARALLEL_MIN_TEXTS = 20_000

Scores = dict[int, float]

# Languages written in a script of their own: Latin-letter words in such an answer are English
# mixed in ("ما بعرف اكتب CV", "मेरो work permit expire भइसक्यो"), as people write them.
OWN_SCRIPT = frozenset({"ar", "ne"})


def latin_runs(tokens: Sequence[str]) -> list[list[str]]:
    """Runs of consecutive Latin-letter words among a text's `words` (or its stems)."""
    runs: list[list[str]] = [[]]
    for token in tokens:
        if token.isascii():
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def mixed_english(stems: Sequence[str]) -> list[tuple[str, ...]]:
    """The English stems of each run of Latin-letter words in the stems of a text in an
    `OWN_SCRIPT` language (its own stemmer leaves Latin letters as they are)."""
    stem = stemmer_for("en")
    return [tuple(stem(t) for t in run) for run in latin_runs(stems)]


def english_catches(codebook: Codebook, term: str, stems: Sequence[Sequence[str]]) -> list[int]:
    """Positions of the `OWN_SCRIPT` texts (given by their stems) whose English words catch the
    English `term`, as a run counts them (`Codebook.catches_stems` on each run alone)."""
    runs: list[tuple[str, ...]] = []
    owner: list[int] = []
    for i, text_stems in enumerate(stems):
        for run in mixed_english(text_stems):
            runs.append(run)
            owner.append(i)
    return sorted({owner[j] for j in codebook.catches_stems(term, "en", runs)})


def _in_language(
    text: str, lang: str, toks: list[str], codebook: Codebook
) -> tuple[Processed, Scores, FoundTerms]:
    """A text's preprocessing, codebook scores and scoring terms in its language; in a language
    written in its own script, Latin-letter words are English mixed in and count with their
    English terms (`OWN_SCRIPT`, `mixed_english`)."""
    p = process(text, lang, codebook.keep_words(lang), toks)
    scores, found = codebook.scored(p.stems, lang)
    if lang in OWN_SCRIPT:
        for run in mixed_english(p.stems):
            more, terms = codebook.scored(run, "en")
            for ci, s in more.items():
                scores[ci] = scores.get(ci, 0.0) + s
            found += terms
    return p, scores, found


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


Rows = tuple[list[str], list[Processed | None], np.ndarray, list[FoundTerms | None]]


def _chunk(texts: list[str], given: list[str], codebook: Codebook) -> Rows:
    """Language, preprocessed words, codebook scores and the terms that scored of texts whose
    language is known or detected; undetermined ones (None) wait for the fallback.

    Scores go straight into one array: a dict per text, kept until the end of the step, held a
    fifth of the step's memory and left it fragmented.
    """
    langs: list[str] = []
    processed: list[Processed | None] = []
    terms: list[FoundTerms | None] = []
    scores = np.zeros((len(texts), len(codebook.categories)), dtype=np.float32)
    code_langs = set(codebook.languages())
    for i, (text, g) in enumerate(zip(texts, given, strict=True)):
        toks = words(text)
        lang = g or detect_language(text, toks)
        langs.append(lang)
        if lang not in code_langs:
            processed.append(None)
            terms.append(None)
            continue
        p, matched, found = _in_language(text, lang, toks, codebook)
        processed.append(p)
        terms.append(found)
        for ci, s in matched.items():
            scores[i, ci] = s
    return langs, processed, scores, terms


def _run_chunks(texts: list[str], given: list[str], codebook: Codebook, workers: int) -> Rows:
    if workers <= 1 or len(texts) < PARALLEL_MIN_TEXTS:
        return _chunk(texts, given, codebook)
    bounds = np.linspace(0, len(texts), workers + 1).astype(int)
    # fork: workers start at once with the codebook and stemmer caches already built.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = list(
            pool.map(
                _chunk,
                [texts[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)],
                [given[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)],
                [codebook] * workers,
            )
        )
    langs = [lang for part in parts for lang in part[0]]
    processed = [p for part in parts for p in part[1]]
    terms = [t for part in parts for t in part[3]]
    return langs, processed, np.vstack([part[2] for part in parts]), terms


def prepare(
    u_given: list[str],
    u_text: list[str],
    weights: np.ndarray,
    codebook: Codebook,
    default_lang: str | None,
    workers: int = 1,
    say: Callable[[str], None] = lambda _msg: None,
) -> tuple[list[str], str, list[Processed], np.ndarray, list[FoundTerms | None]]:
    """Language, preprocessed words, codebook scores and scoring terms (None where matched in
    several languages) per distinct text, and the fallback language (the corpus's main one) used
    for texts whose language stays undetermined."""
    # Built once here, so forked workers inherit the phrase indexes instead of rebuilding them.
    for lang in codebook.languages():
        codebook.index(lang)
        codebook.keep_words(lang)
    u_lang, found, scores, terms = _run_chunks(u_text, u_given, codebook, workers)
    detected: defaultdict[str, float] = defaultdict(float)
    for lang, w in zip(u_lang, weights, strict=True):
        if lang != UNDETERMINED:
            detected[lang] += float(w)
    fallback = default_lang or (
        min(detected.items(), key=lambda kv: (-kv[1], kv[0]))[0] if detected else "en"
    )
    processed: list[Processed] = []
    for i, (lang, p) in enumerate(zip(u_lang, found, strict=True)):
        if p is None:
            work_lang = fallback if lang == UNDETERMINED else lang
            p, matched = _undetermined(u_text[i], words(u_text[i]), work_lang, codebook)
            for ci, s in matched.items():
                scores[i, ci] = s
        processed.append(p)
    del found
    say(f"  {len(u_text)} distinct texts preprocessed")
    return u_lang, fallback, processed, scores, terms


@dataclass
class Prepared:
    """The distinct texts of a run (sorted by given language, then text) and their per-text work.

    `inverse` maps each answer to its distinct text, `weights` counts the answers of each;
    `terms` are the codebook terms that scored each text (`Codebook.scored`).
    """

    inverse: np.ndarray
    weights: np.ndarray
    u_given: list[str]
    u_text: list[str]
    u_lang: list[str]
    fallback: str
    processed: list[Processed]
    scores: np.ndarray
    terms: list[FoundTerms | None]


def distinct(given: pd.Series, texts: pd.Series) -> tuple[np.ndarray, list[str], list[str]]:
    """Distinct (given language, text) pairs in sorted order, and the pair of each answer.

    Built from integer codes of each column, so the texts are the answers' own string objects:
    joining language and text into one key string per answer held two more copies of every text.
    """
    t_codes, t_uniq = pd.factorize(texts, sort=True)
    g_codes, g_uniq = pd.factorize(given, sort=True)
    n_text = max(len(t_uniq), 1)
    key = g_codes.astype(np.int64) * n_text + t_codes.astype(np.int64)
    u_key, inverse = np.unique(key, return_inverse=True)
    u_text = np.asarray(t_uniq, dtype=object)[u_key % n_text].tolist()
    u_given = np.asarray(g_uniq, dtype=object)[u_key // n_text].tolist()
    return inverse.reshape(-1), u_given, u_text


def prepare_distinct(
    given: pd.Series,
    texts: pd.Series,
    codebook: Codebook,
    default_lang: str | None,
    workers: int = 1,
    say: Callable[[str], None] = lambda _msg: None,
) -> Prepared:
    """`prepare` of the distinct texts of a run's answers."""
    inverse, u_given, u_text = distinct(given, texts)
    weights = np.bincount(inverse, minlength=len(u_text)).astype(np.float32)
    say(f"preprocessing {len(texts)} answers ({len(u_text)} distinct texts)")
    u_lang, fallback, processed, scores, terms = prepare(
        u_given, u_text, weights, codebook, default_lang, workers, say
    )
    return Prepared(inverse, weights, u_given, u_text, u_lang, fallback, processed, scores, terms)
