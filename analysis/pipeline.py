"""`find_themes`: documents in, themes and one assignment per document out.

Identical answers (same text, same language) are processed once and weighted by their count:
short answers repeat a lot in surveys, and it keeps a million answers within memory. Unique texts
are sorted, so the result does not depend on row order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis import cluster as clu
from analysis import multicode as mc
from analysis import roles as rl
from analysis.carry import carry_over, fixed_moves, name_emergent
from analysis.codebook import Codebook, load_codebook
from analysis.edits import apply_edits, merge_map, normalize_edits
from analysis.label import lang_sizes_of, language_terms, pick_quotes, surface_forms
from analysis.learnt import placing_scores
from analysis.naming import Concepts, name_theme, unfit_for_name
from analysis.prepare import Prepared, prepare_distinct
from analysis.preprocess import UNDETERMINED, has_stemmer, normalize_lang, stop_words
from analysis.results import Quote, Theme, ThemeResult
from analysis.vectorize import build_features, tfidf_matrix

OTHER_ID = "other"
# Languages the embedding model reads (all-MiniLM-L6-v2 was trained on English only).
EMBED_LANGUAGES = frozenset({"en"})
Progress = Callable[[str], None]


@dataclass
class ThemeOptions:
    """Options of a run. `k` is "auto" or a number of themes (besides "other / unclear").

    `workers` > 1 splits the per-text preprocessing of large inputs over forked processes (the
    result is the same); the library default stays in-process, safe inside a threaded app.
    """

    k: int | str = "auto"
    codebook: str | Path | Codebook | None = None
    id_col: str = "id"
    text_col: str = "text"
    lang_col: str | None = "lang"
    seed: int = 0
    min_theme_size: float | None = None
    code_weight: float = 1.0
    backend: str = "tfidf"
    embed_weight: float = 2.0
    embedding_model: str | Path | None = None
    default_lang: str | None = None
    n_quotes: int = 3
    n_terms: int = 8
    workers: int = 1
    stickiness: float = 0.05
    role_col: str | None = "role"
    question_col: str | None = "question"


def _validate(docs: pd.DataFrame, opts: ThemeOptions) -> tuple[pd.Series, pd.Series, pd.Series]:
    for col in (opts.id_col, opts.text_col):
        if col not in docs.columns:
            raise ValueError(f"missing column '{col}' (columns: {', '.join(map(str, docs.columns))})")
    if docs.empty:
        raise ValueError("no answers to analyse (the table is empty)")
    ids = docs[opts.id_col].astype(str).reset_index(drop=True)
    dupes = ids[ids.duplicated()].unique()
    if len(dupes):
        raise ValueError(f"duplicate ids, e.g. {', '.join(map(str, dupes[:3]))}")
    texts = docs[opts.text_col].fillna("").astype(str).reset_index(drop=True)
    if not texts.str.strip().astype(bool).any():
        raise ValueError("all texts are empty")
    if opts.lang_col and opts.lang_col in docs.columns:
        langs = docs[opts.lang_col].map(normalize_lang).fillna("").astype(str).reset_index(drop=True)
    else:
        langs = pd.Series([""] * len(docs), dtype=str)
    return ids, texts, langs


def _k_value(k: int | str) -> int | None:
    if isinstance(k, str) and k.strip().lower() == "auto":
        return None
    value = int(k)
    if value < 1:
        raise ValueError("k must be 'auto' or a positive number")
    return value


def find_themes(
    docs: pd.DataFrame,
    options: ThemeOptions | None = None,
    *,
    previous: ThemeResult | None = None,
    edits: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> ThemeResult:
    """Barrier answers and strengths answers themed apart (`analysis.roles`), in one result."""
    opts = options or ThemeOptions()
    codebook = opts.codebook if isinstance(opts.codebook, Codebook) else load_codebook(opts.codebook)
    opts = replace(opts, codebook=codebook)
    ids, texts, langs = _validate(docs, opts)
    roles, shared = _roles(docs, opts, texts, langs, codebook, progress)
    parts = {
        role: docs.reset_index(drop=True)[(roles == role).to_numpy()]
        for role in (rl.BARRIERS, rl.ASSETS)
        if bool(((roles == role) & texts.str.strip().astype(bool)).any())
    }
    if len(parts) < 2:
        role = next(iter(parts), rl.BARRIERS)
        # Barriers alone keep the whole codebook (as before roles); strengths alone keep assets.
        one = replace(opts, codebook=rl.kind_codebook(codebook, role) if role == rl.ASSETS else codebook)
        # Deciding the roles preprocessed these very answers with this codebook: not done twice.
        reuse = shared if one.codebook is codebook else None
        result = _find_one(
            docs, one, previous=previous, edits=edits, progress=progress, role=role, prepared=reuse
        )
        return rl.rename_part(result, codebook) if role == rl.ASSETS else result
    say = progress or (lambda _msg: None)
    results = []
    for role, part in parts.items():
        say(f"themes of {role} answers ({len(part)})")
        result = _find_one(
            part,
            replace(opts, codebook=rl.kind_codebook(codebook, role)),
            previous=rl.split_previous(previous, codebook, role),
            edits=rl.split_edits(edits or {}, codebook, role),
            progress=progress,
            role=role,
        )
        results.append(rl.rename_part(result, codebook) if role == rl.ASSETS else result)
    return _combine(results, edits, {"roles": {r: int(len(p)) for r, p in parts.items()}})


def _roles(
    docs: pd.DataFrame,
    opts: ThemeOptions,
    texts: pd.Series,
    langs: pd.Series,
    codebook: Codebook,
    progress: Progress | None,
) -> tuple[pd.Series, Prepared | None]:
    """Each row's role: given, or decided per question from its answers' codebook matches.

    When every row is decided, the distinct texts are preprocessed once with the whole codebook
    and returned, so that a run of those same answers does not preprocess them again.
    """
    if not opts.role_col or opts.role_col not in docs.columns:
        given = pd.Series([""] * len(docs), dtype=object)
    else:
        given = docs[opts.role_col].reset_index(drop=True).map(rl.role_of)
    undecided = given == ""
    if not undecided.any() or not codebook.kinds_differ():
        return given.where(~undecided, rl.BARRIERS), None
    if opts.question_col and opts.question_col in docs.columns:
        groups = docs[opts.question_col].reset_index(drop=True).fillna("").astype(str)
    else:
        groups = pd.Series([""] * len(docs), dtype=object)
    if not undecided.all():
        decided = rl.decide(
            texts[undecided], langs[undecided], groups[undecided], codebook, opts.default_lang
        )
        return given.where(~undecided, groups.map(decided)), None
    say = progress or (lambda _msg: None)
    shared = prepare_distinct(langs, texts, codebook, opts.default_lang, opts.workers, say)
    decided = rl.vote(shared.scores[shared.inverse], groups, codebook)
    return groups.map(decided), shared


def _combine(results: list[ThemeResult], edits: dict[str, Any] | None, why: dict[str, Any]) -> ThemeResult:
    """One result of the per-role runs: themes of both, every answer once, the edits as given."""
    first = results[0]
    languages: dict[str, Any] = {}
    for result in results:
        for lang, info in result.languages.items():
            if lang in languages:
                languages[lang]["documents"] += info["documents"]
            else:
                languages[lang] = dict(info)
    codes = [r.codes for r in results if r.codes is not None]
    return ThemeResult(
        themes=[t for r in results for t in r.themes],
        assignments=pd.concat([r.assignments for r in results], ignore_index=True),
        selection={**first.selection, **why, "parts": [r.selection for r in results]},
        params=first.params,
        languages=languages,
        edits=normalize_edits(edits),
        codes=pd.concat(codes, ignore_index=True) if codes else None,
    )


def _find_one(
    docs: pd.DataFrame,
    options: ThemeOptions | None = None,
    *,
    previous: ThemeResult | None = None,
    edits: dict[str, Any] | None = None,
    progress: Progress | None = None,
    role: str = "barriers",
    prepared: Prepared | None = None,
) -> ThemeResult:
    """Cluster answers into themes guided by the codebook; see the package docstring.

    `previous` (a ThemeResult, e.g. `ThemeResult.load(dir)`) keeps theme ids and assignments
    stable across runs; `edits` (renames, merges, hidden, moves) are applied on top and returned
    in the result so the next run keeps them. `prepared` is the per-text work of exactly these
    answers with this codebook, when the caller already did it.
    """
    opts = options or ThemeOptions()
    say = progress or (lambda _msg: None)
    k = _k_value(opts.k)
    _check_backend(opts.backend)
    edits_n = normalize_edits(edits)
    codebook = opts.codebook if isinstance(opts.codebook, Codebook) else load_codebook(opts.codebook)
    ids, texts, given = _validate(docs, opts)

    if prepared is None:
        prepared = prepare_distinct(given, texts, codebook, opts.default_lang, opts.workers, say)
    inverse, weights, u_text = prepared.inverse, prepared.weights, prepared.u_text
    u_lang, fallback, processed, scores = (
        prepared.u_lang, prepared.fallback, prepared.processed, prepared.scores
    )  # fmt: skip
    n_distinct = len(u_text)

    say("vectorizing")
    contents = [p.content for p in processed]
    embeddings = _embeddings(opts, u_text, u_lang, fallback, scores, say)
    matrix, vocabulary = tfidf_matrix(contents)
    # Where answers are placed: the codebook's scores and the words this run learnt from them.
    placed, pinned = placing_scores(matrix, scores, weights)
    feats = build_features(
        matrix, vocabulary, placed, opts.seed, opts.code_weight, embeddings, opts.embed_weight
    )
    x = feats.vectors
    # No content word known to the model and no codebook match: nothing to place it by.
    no_words = feats.tfidf.getnnz(axis=1) == 0
    if embeddings is not None:
        no_words &= np.array([not p.content for p in processed])
    empty = no_words & (scores.sum(axis=1) == 0)
    # Empty answers go to "other" and must not count towards sizes or the unmatched share.
    live = np.where(empty, 0.0, weights).astype(np.float32)
    min_size = opts.min_theme_size or max(3.0, 0.005 * float(live.sum()))

    say("clustering")
    named = clu.named_categories(scores)
    by_team = frozenset(i for i, c in enumerate(codebook.categories) if c.by_team)
    plan = clu.plan_clusters(named, scores, x, live, k, min_size, opts.seed, by_team)
    cat_ids = [codebook.categories[c].id for c in plan.categories]
    merged = merge_map(edits_n)
    emergent_init, emergent_ids, prefer = carry_over(
        previous, ids, inverse, x, weights, cat_ids, plan, merged
    )
    fixed = fixed_moves(edits_n, ids, inverse, cat_ids + emergent_ids, merged, n_distinct)
    result = clu.seeded_kmeans(
        x, weights, pinned, plan, empty, opts.seed, emergent_init, fixed, prefer, opts.stickiness,
        unmatched=scores.sum(axis=1) == 0, named=named,
    )  # fmt: skip
    emergent_ids = name_emergent(emergent_ids, result.plan.n_emergent, previous)
    slot_ids = cat_ids + emergent_ids
    u_theme = np.array([slot_ids[s] if s >= 0 else OTHER_ID for s in result.labels], dtype=object)
    # Emergent groups too small to stand on their own join "other / unclear".
    sizes: defaultdict[str, float] = defaultdict(float)
    for tid, w in zip(u_theme, weights, strict=True):
        sizes[tid] += float(w)
    small = {tid for tid in emergent_ids if sizes.get(tid, 0.0) < min_size}
    u_theme = np.array([OTHER_ID if t in small else t for t in u_theme], dtype=object)

    say("labelling")
    doc_lang = np.array(u_lang, dtype=object)[inverse]
    assignments = pd.DataFrame(
        {
            "id": ids,
            "theme_id": u_theme[inverse],
            "theme_label": "",
            "score": np.round(result.scores[inverse].astype(float), 4),
            "lang": doc_lang,
        }
    )
    assignments.loc[assignments["theme_id"] == OTHER_ID, "score"] = 0.0
    themes = [_skeleton(tid, codebook, role) for tid in dict.fromkeys(slot_ids + [OTHER_ID])]
    assignments, themes = apply_edits(assignments, themes, edits_n)
    unique_codes = mc.code_texts(
        x, result.centroids, result.labels, slot_ids, plan.categories, small, scores, processed,
        u_text, codebook, mc.CodeRules(margin=opts.stickiness), prepared.terms,
    )  # fmt: skip
    themes = _describe(
        themes, assignments, inverse, u_text, u_lang, processed, feats, result.scores, ids, opts,
        _coded_texts(unique_codes, merged),
    )  # fmt: skip
    labels = {t.id: t.label for t in themes}
    assignments["theme_label"] = assignments["theme_id"].map(labels)
    codes = mc.run_codes(unique_codes, inverse, ids, assignments, edits_n, merged, themes)
    # A theme held only by codes that the team's edits removed holds nothing: it is no theme.
    themes = [t for t in themes if t.size or t.coded or t.kind == "other"]
    plan.why["categories"] = cat_ids
    plan.why["n_emergent"] = len([t for t in themes if t.kind == "emergent"])
    plan.why["k_requested"] = opts.k if isinstance(opts.k, str) else int(opts.k)
    return ThemeResult(
        themes=themes,
        assignments=assignments,
        selection=plan.why,
        params={
            "k": plan.why["k_requested"],
            "seed": opts.seed,
            "backend": opts.backend,
            "min_theme_size": round(min_size, 2),
            "code_weight": opts.code_weight,
            "codebook": codebook.meta.get("team_file", "shipped"),
            "fallback_language": fallback,
        },
        languages=_language_report(doc_lang),
        edits=edits_n,
        codes=codes,
    )


def _check_backend(backend: str) -> None:
    """Fail before the long preprocessing step when the backend cannot run."""
    if backend not in ("tfidf", "embeddings"):
        raise ValueError(f"unknown backend '{backend}' (use 'tfidf' or 'embeddings')")
    if backend == "embeddings":
        from analysis import embed

        if not embed.available():
            raise embed.BackendMissing(embed.MISSING)


def _embeddings(
    opts: ThemeOptions,
    u_text: list[str],
    u_lang: list[str],
    fallback: str,
    scores: np.ndarray,
    say: Progress,
) -> np.ndarray | None:
    """Sentence embeddings of the English texts (others through the codebook), or None."""
    if opts.backend == "tfidf":
        return None
    from analysis import embed

    english = np.array(
        [(fallback if lang == UNDETERMINED else lang) in EMBED_LANGUAGES for lang in u_lang],
        dtype=bool,
    )
    say(f"embedding {int(english.sum())} English texts")
    return embed.corpus_vectors(u_text, english, scores, opts.embedding_model)


def _skeleton(theme_id: str, codebook: Codebook, role: str) -> Theme:
    cat = codebook.category(theme_id)
    if theme_id == OTHER_ID:
        return Theme(OTHER_ID, "Other / unclear", "other", None, 0, 0.0, label_source="fixed", role=role)
    if cat is not None:
        return Theme(cat.id, cat.label("en"), "codebook", cat.id, 0, 0.0, labels=dict(cat.labels), role=role)
    return Theme(theme_id, theme_id, "emergent", None, 0, 0.0, label_source="terms", role=role)


def _coded_texts(unique: mc.UniqueCodes, merged: dict[str, str]) -> dict[str, np.ndarray]:
    """Theme id (after merges) -> the distinct texts that carry its code, primary or not."""
    themes = pd.Series(unique.theme_id, dtype=object)
    if merged:
        themes = themes.replace(merged)
    return {str(tid): np.unique(rows) for tid, rows in pd.Series(unique.text).groupby(themes.to_numpy())}


def _describe(
    themes: list[Theme],
    assignments: pd.DataFrame,
    inverse: np.ndarray,
    u_text: list[str],
    u_lang: list[str],
    processed: list[Any],
    feats: Any,
    scores: np.ndarray,
    ids: pd.Series,
    opts: ThemeOptions,
    coded: dict[str, np.ndarray],
) -> list[Theme]:
    """Sizes, shares, top terms per language and quotes, computed after the team's edits.

    A theme that is no answer's primary one but whose code answers carry (a barrier everyone who
    names it names second) is kept, and described by the answers that carry its code."""
    total = len(assignments)
    doc_theme = assignments["theme_id"].to_numpy(dtype=object)
    surface = surface_forms(
        [p.content for p in processed],
        [p.surface for p in processed],
        np.bincount(inverse, minlength=len(u_text)).astype(np.float32),
    )
    first_id: dict[int, str] = {}
    for doc_id, u in zip(ids, inverse, strict=True):
        first_id.setdefault(int(u), doc_id)
    langs_arr = np.array(u_lang, dtype=object)
    corpus_w = np.bincount(inverse, minlength=len(u_text)).astype(np.float32)
    codebook = opts.codebook if isinstance(opts.codebook, Codebook) else load_codebook(opts.codebook)
    concepts = Concepts(codebook)
    # Languages as integer codes in order of first appearance, so that per theme the sizes are
    # summed by numpy and still listed in the order a loop over the texts would meet them.
    lang_codes, lang_names = pd.factorize(langs_arr)
    described = []
    for theme in themes:
        in_theme = doc_theme == theme.id
        theme.size = int(in_theme.sum())
        theme.share = round(theme.size / total, 4) if total else 0.0
        w = np.bincount(inverse[in_theme], minlength=len(u_text)).astype(np.float32)
        if theme.size == 0 and theme.kind != "other":
            carried = coded.get(theme.id)
            if carried is None or not len(carried):
                continue
            w[carried] = corpus_w[carried]
        members = w > 0
        lang_sizes = lang_sizes_of(lang_codes, lang_names, w, members)
        theme.top_terms = (
            {
                lang: language_terms(
                    feats.tfidf,
                    feats.vocabulary,
                    w,
                    corpus_w,
                    langs_arr == lang,
                    surface,
                    opts.n_terms,
                    unfit_for_name(lang),
                )
                for lang in sorted(lang_sizes)
            }
            if theme.kind != "other"
            else {}
        )
        if theme.kind == "emergent" and theme.label_source == "terms":
            name = name_theme(theme.top_terms, lang_sizes, concepts)
            theme.label, theme.labels, theme.terms_by_lang = name.label, name.labels, name.terms_by_lang
        candidates = [int(u) for u in np.flatnonzero(members)]
        quote_rows = pick_quotes(candidates, scores, u_lang, opts.n_quotes)
        theme.quotes = [Quote(first_id[u], u_text[u], u_lang[u]) for u in quote_rows]
        described.append(theme)
    order = {"codebook": 0, "emergent": 0, "other": 1}
    described.sort(key=lambda t: (order[t.kind], -t.size, t.id))
    return described


def _language_report(doc_lang: np.ndarray) -> dict[str, Any]:
    counts = Counter(doc_lang.tolist())
    return {
        lang: {
            "documents": int(n),
            "stemmer": has_stemmer(lang),
            "stop_words": len(stop_words(lang)) if lang != UNDETERMINED else 0,
        }
        for lang, n in sorted(counts.items())
    }
